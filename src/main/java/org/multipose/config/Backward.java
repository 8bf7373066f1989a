package org.multipose.config;

/**
 * Route of the combined gradient (MATH.md §2): per-pose gradient dictionaries, or one batched backward of
 * Σ k_i·y_i with the coefficients held constant.
 */
public enum Backward { DICTIONARY, BATCHED }
