package org.multipose.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Allowed interval of a numeric config key (or of every number in a list / map value of it). Checked by the
 * loader with the key's file and line, and described in the reference config and docs/config-reference.md.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Range {

    double min() default Double.NEGATIVE_INFINITY;

    double max() default Double.POSITIVE_INFINITY;

    /** True when {@link #min()} itself is excluded. */
    boolean minOpen() default false;

    /** True when {@link #max()} itself is excluded. */
    boolean maxOpen() default false;

    /**
     * Whether ±∞ ({@code .inf}) is allowed when the bounds do not exclude it. Off by default: an infinite learning
     * rate or grid size is never meant; keys where ∞ means "no limit" say so explicitly.
     */
    boolean infinite() default false;
}
