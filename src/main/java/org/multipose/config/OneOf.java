package org.multipose.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An enum-typed config key that accepts only some of its enum's constants (YAML spelling), e.g. {@code backward}
 * takes the training step's routes of {@code GradientRoute} and not the others. The loader refuses the rest with the
 * same message as an unknown value, and the reference lists only these.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface OneOf {

    /** The accepted constants, in YAML spelling and documentation order. */
    String[] value();
}
