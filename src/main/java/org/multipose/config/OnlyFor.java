package org.multipose.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A config key that belongs to some variants of its section only, e.g. {@code lower} of a loss entry applies only
 * when {@code kind: range}. Giving it for another variant is an error; it is not written back for other variants.
 * The discriminating key must come earlier in the record.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface OnlyFor {

    /** The discriminating key (YAML name), e.g. "kind". */
    String key() default "kind";

    /** Its values (YAML spelling) for which this key applies. */
    String[] value();
}
