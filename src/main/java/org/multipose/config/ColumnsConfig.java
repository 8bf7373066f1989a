package org.multipose.config;

import java.lang.reflect.RecordComponent;

/**
 * Column names of an affinity table (CSV). Each defaults to the key's own name, except {@code id}, which defaults to
 * {@code compound_id} (the dataset column it becomes); {@code id}, {@code value} and {@code measure} must exist in
 * the table, the others are used when present.
 */
public record ColumnsConfig(
        @Doc("compound id column") String id,
        @Doc("measured value column (a number, optionally with a qualifier prefix such as > or <)") String value,
        @Doc("measure column (pIC50, pKi, pKd, IC50, Ki, Kd, dG)") String measure,
        @Doc("unit column (nM, uM, M, kcal/mol, kJ/mol)") String unit,
        @Doc("qualifier column (<, >, =)") String qualifier,
        @Doc("standard error column, in the value's unit") String stderr,
        @Doc("lower 95 % CI bound column, in the value's unit") String ciLower,
        @Doc("upper 95 % CI bound column, in the value's unit") String ciUpper,
        @Doc("target column") String target,
        @Doc("measurement date column (ISO 8601), for temporal splits") String date) {

    public ColumnsConfig {
        String[] all = {id, value, measure, unit, qualifier, stderr, ciLower, ciUpper, target, date};
        RecordComponent[] names = ColumnsConfig.class.getRecordComponents();
        for (int i = 0; i < all.length; i++) {
            if (all[i] == null || all[i].isBlank()) {
                throw new ConfigProblem(Names.yamlName(names[i].getName()), "must be a column name, not empty");
            }
        }
    }

    /** Every column named like its key, the id column {@code compound_id}. */
    public static ColumnsConfig defaults() {
        return new ColumnsConfig("compound_id", "value", "measure", "unit", "qualifier", "stderr", "ci_lower", "ci_upper",
                "target", "date");
    }
}
