package org.multipose.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documentation of one config key, on the record component that holds it. It is the single source of the key's
 * comment in {@code configs/reference.yaml} and its row in docs/config-reference.md; the allowed values are
 * derived from the component's type and {@link Range} / {@link Size}, so they are not repeated here.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Doc {

    /** What the key means, one short sentence. */
    String value();

    /** Unit of the value (e.g. "Å", "epochs", "kT"), empty when it has none. */
    String unit() default "";

    /** Shown instead of the default value when the default is derived elsewhere (e.g. "the run seed"). */
    String defaultText() default "";
}
