package org.multipose.grid;

/**
 * One scalar grid as read from an OpenDX file.
 *
 * @param counts points per axis (x, y, z)
 * @param origin position of the first point, Å
 * @param delta  spacing along x, y and z, Å (OpenDX allows any axes; these files use axis-aligned ones)
 * @param values counts[0]·counts[1]·counts[2] values, z fastest (the same order as one channel of a grid)
 */
public record DxGrid(int[] counts, double[] origin, double[] delta, float[] values) {}
