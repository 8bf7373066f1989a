package org.multipose.typing;

/** Which radius a typed atom gets. */
public enum RadiusMode {
    /** The atom's own XS radius (libmolgrid's default: radii per atom, not per channel). */
    ATOM,
    /** Its channel's radius: for a merged channel, the mean of its member types' radii. */
    CHANNEL
}
