package org.multipose.data;

import java.util.Objects;
import org.multipose.base.InputException;

/**
 * How to read an affinity table (CSV): which column holds what, and the normalisation parameters. A column name
 * of "" means "not in this table". Either a column or a fixed value is given for the measure, the unit and the
 * target. Invalid combinations throw {@link InputException} naming the option.
 *
 * @param idColumn        compound id column (required)
 * @param valueColumn     value column (required); may carry a qualifier prefix such as {@code > 99.5} or {@code <0.01}
 * @param measureColumn   column with pIC50 / pKi / pKd / IC50 / Ki / Kd / dG per row, or ""
 * @param fixedMeasure    the measure of every row when there is no measure column (e.g. "IC50"), or ""
 * @param unitColumn      column with the unit per row (nM, uM, µM, mM, M, pM; kcal/mol, kJ/mol), or ""
 * @param fixedUnit       the unit of every row when there is no unit column, or ""; ignored for p-values
 * @param qualifierColumn column with =, &lt;, &gt; (also &lt;=, &gt;=, ~), or ""; empty cells mean "="
 * @param stderrColumn    column with a standard error in the value's unit, or ""
 * @param ciLowerColumn   column with the lower bound of a 95 % CI in the value's unit, or ""
 * @param ciUpperColumn   column with the upper bound of a 95 % CI, or "" (both CI columns or neither)
 * @param targetColumn    target column, or ""
 * @param fixedTarget     the target of every row when there is no target column, or ""
 * @param dateColumn      measurement date column (ISO yyyy-MM-dd, a time part is ignored), or ""
 * @param smilesColumn    SMILES column (used by scaffold splits), or ""
 * @param sigmaLimit      labels whose σ (pK units) exceeds this are rejected; +∞ keeps all
 * @param temperatureK    temperature for free-energy conversions, K (default 298.15)
 */
public record AffinityTableOptions(
        String idColumn,
        String valueColumn,
        String measureColumn,
        String fixedMeasure,
        String unitColumn,
        String fixedUnit,
        String qualifierColumn,
        String stderrColumn,
        String ciLowerColumn,
        String ciUpperColumn,
        String targetColumn,
        String fixedTarget,
        String dateColumn,
        String smilesColumn,
        double sigmaLimit,
        double temperatureK) {

    /** Standard temperature used unless configured otherwise, K. */
    public static final double DEFAULT_TEMPERATURE_K = 298.15;

    public AffinityTableOptions {
        Objects.requireNonNull(idColumn, "idColumn");
        Objects.requireNonNull(valueColumn, "valueColumn");
        Objects.requireNonNull(measureColumn, "measureColumn");
        Objects.requireNonNull(fixedMeasure, "fixedMeasure");
        Objects.requireNonNull(unitColumn, "unitColumn");
        Objects.requireNonNull(fixedUnit, "fixedUnit");
        Objects.requireNonNull(qualifierColumn, "qualifierColumn");
        Objects.requireNonNull(stderrColumn, "stderrColumn");
        Objects.requireNonNull(ciLowerColumn, "ciLowerColumn");
        Objects.requireNonNull(ciUpperColumn, "ciUpperColumn");
        Objects.requireNonNull(targetColumn, "targetColumn");
        Objects.requireNonNull(fixedTarget, "fixedTarget");
        Objects.requireNonNull(dateColumn, "dateColumn");
        Objects.requireNonNull(smilesColumn, "smilesColumn");
        if (idColumn.isBlank() || valueColumn.isBlank()) {
            throw new InputException("affinity table options: idColumn and valueColumn are required;"
                    + " name the columns holding the compound id and the value");
        }
        if (measureColumn.isEmpty() == fixedMeasure.isEmpty()) {
            throw new InputException("affinity table options: give exactly one of measureColumn (a column naming the"
                    + " measure per row) or fixedMeasure (e.g. IC50), got measureColumn='" + measureColumn
                    + "', fixedMeasure='" + fixedMeasure + "'");
        }
        if (!fixedMeasure.isEmpty() && ReportedQuantity.parse(fixedMeasure).isEmpty()) {
            throw new InputException("affinity table options: fixedMeasure '" + fixedMeasure
                    + "' is not one of pIC50, pKi, pKd, IC50, Ki, Kd, dG");
        }
        if (!unitColumn.isEmpty() && !fixedUnit.isEmpty()) {
            throw new InputException("affinity table options: give at most one of unitColumn ('" + unitColumn
                    + "') or fixedUnit ('" + fixedUnit + "')");
        }
        if (!fixedUnit.isEmpty() && ConcentrationUnit.parse(fixedUnit).isEmpty()
                && EnergyUnit.parse(fixedUnit).isEmpty()) {
            throw new InputException("affinity table options: fixedUnit '" + fixedUnit
                    + "' is not a concentration (M, mM, uM, nM, pM) or energy (kcal/mol, kJ/mol, kT) unit");
        }
        if (ciLowerColumn.isEmpty() != ciUpperColumn.isEmpty()) {
            throw new InputException("affinity table options: give both ciLowerColumn and ciUpperColumn or neither"
                    + " (got '" + ciLowerColumn + "' and '" + ciUpperColumn + "')");
        }
        if (targetColumn.isEmpty() == fixedTarget.isBlank()) {
            throw new InputException("affinity table options: give exactly one of targetColumn or fixedTarget"
                    + " (got targetColumn='" + targetColumn + "', fixedTarget='" + fixedTarget + "')");
        }
        if (!(sigmaLimit > 0)) {
            throw new InputException("affinity table options: sigmaLimit must be > 0 (pK units; use Infinity for no"
                    + " limit), got " + sigmaLimit);
        }
        if (!(temperatureK > 0) || Double.isInfinite(temperatureK)) {
            throw new InputException("affinity table options: temperatureK must be a positive finite temperature"
                    + " in kelvin, got " + temperatureK);
        }
    }

    /**
     * Defaults: columns compound_id, value, measure, unit, target; no qualifier, error, CI, date or SMILES column;
     * no σ limit; T = 298.15 K.
     */
    public static AffinityTableOptions defaults() {
        return new AffinityTableOptions("compound_id", "value", "measure", "", "unit", "", "", "", "", "", "target",
                "", "", "", Double.POSITIVE_INFINITY, DEFAULT_TEMPERATURE_K);
    }

    public AffinityTableOptions withIdColumn(String c) {
        return new AffinityTableOptions(c, valueColumn, measureColumn, fixedMeasure, unitColumn, fixedUnit,
                qualifierColumn, stderrColumn, ciLowerColumn, ciUpperColumn, targetColumn, fixedTarget, dateColumn,
                smilesColumn, sigmaLimit, temperatureK);
    }

    public AffinityTableOptions withValueColumn(String c) {
        return new AffinityTableOptions(idColumn, c, measureColumn, fixedMeasure, unitColumn, fixedUnit,
                qualifierColumn, stderrColumn, ciLowerColumn, ciUpperColumn, targetColumn, fixedTarget, dateColumn,
                smilesColumn, sigmaLimit, temperatureK);
    }

    /** A measure column; clears any fixed measure. */
    public AffinityTableOptions withMeasureColumn(String c) {
        return new AffinityTableOptions(idColumn, valueColumn, c, "", unitColumn, fixedUnit,
                qualifierColumn, stderrColumn, ciLowerColumn, ciUpperColumn, targetColumn, fixedTarget, dateColumn,
                smilesColumn, sigmaLimit, temperatureK);
    }

    /** A fixed measure for every row; clears the measure column. */
    public AffinityTableOptions withFixedMeasure(String m) {
        return new AffinityTableOptions(idColumn, valueColumn, "", m, unitColumn, fixedUnit,
                qualifierColumn, stderrColumn, ciLowerColumn, ciUpperColumn, targetColumn, fixedTarget, dateColumn,
                smilesColumn, sigmaLimit, temperatureK);
    }

    /** A unit column; clears any fixed unit. */
    public AffinityTableOptions withUnitColumn(String c) {
        return new AffinityTableOptions(idColumn, valueColumn, measureColumn, fixedMeasure, c, "",
                qualifierColumn, stderrColumn, ciLowerColumn, ciUpperColumn, targetColumn, fixedTarget, dateColumn,
                smilesColumn, sigmaLimit, temperatureK);
    }

    /** A fixed unit for every row; clears the unit column. */
    public AffinityTableOptions withFixedUnit(String u) {
        return new AffinityTableOptions(idColumn, valueColumn, measureColumn, fixedMeasure, "", u,
                qualifierColumn, stderrColumn, ciLowerColumn, ciUpperColumn, targetColumn, fixedTarget, dateColumn,
                smilesColumn, sigmaLimit, temperatureK);
    }

    public AffinityTableOptions withQualifierColumn(String c) {
        return new AffinityTableOptions(idColumn, valueColumn, measureColumn, fixedMeasure, unitColumn, fixedUnit,
                c, stderrColumn, ciLowerColumn, ciUpperColumn, targetColumn, fixedTarget, dateColumn,
                smilesColumn, sigmaLimit, temperatureK);
    }

    public AffinityTableOptions withStderrColumn(String c) {
        return new AffinityTableOptions(idColumn, valueColumn, measureColumn, fixedMeasure, unitColumn, fixedUnit,
                qualifierColumn, c, ciLowerColumn, ciUpperColumn, targetColumn, fixedTarget, dateColumn,
                smilesColumn, sigmaLimit, temperatureK);
    }

    public AffinityTableOptions withCiColumns(String lower, String upper) {
        return new AffinityTableOptions(idColumn, valueColumn, measureColumn, fixedMeasure, unitColumn, fixedUnit,
                qualifierColumn, stderrColumn, lower, upper, targetColumn, fixedTarget, dateColumn,
                smilesColumn, sigmaLimit, temperatureK);
    }

    /** A target column; clears any fixed target. */
    public AffinityTableOptions withTargetColumn(String c) {
        return new AffinityTableOptions(idColumn, valueColumn, measureColumn, fixedMeasure, unitColumn, fixedUnit,
                qualifierColumn, stderrColumn, ciLowerColumn, ciUpperColumn, c, "", dateColumn,
                smilesColumn, sigmaLimit, temperatureK);
    }

    /** A fixed target for every row; clears the target column. */
    public AffinityTableOptions withFixedTarget(String t) {
        return new AffinityTableOptions(idColumn, valueColumn, measureColumn, fixedMeasure, unitColumn, fixedUnit,
                qualifierColumn, stderrColumn, ciLowerColumn, ciUpperColumn, "", t, dateColumn,
                smilesColumn, sigmaLimit, temperatureK);
    }

    public AffinityTableOptions withDateColumn(String c) {
        return new AffinityTableOptions(idColumn, valueColumn, measureColumn, fixedMeasure, unitColumn, fixedUnit,
                qualifierColumn, stderrColumn, ciLowerColumn, ciUpperColumn, targetColumn, fixedTarget, c,
                smilesColumn, sigmaLimit, temperatureK);
    }

    public AffinityTableOptions withSmilesColumn(String c) {
        return new AffinityTableOptions(idColumn, valueColumn, measureColumn, fixedMeasure, unitColumn, fixedUnit,
                qualifierColumn, stderrColumn, ciLowerColumn, ciUpperColumn, targetColumn, fixedTarget, dateColumn,
                c, sigmaLimit, temperatureK);
    }

    public AffinityTableOptions withSigmaLimit(double limit) {
        return new AffinityTableOptions(idColumn, valueColumn, measureColumn, fixedMeasure, unitColumn, fixedUnit,
                qualifierColumn, stderrColumn, ciLowerColumn, ciUpperColumn, targetColumn, fixedTarget, dateColumn,
                smilesColumn, limit, temperatureK);
    }

    public AffinityTableOptions withTemperatureK(double kelvin) {
        return new AffinityTableOptions(idColumn, valueColumn, measureColumn, fixedMeasure, unitColumn, fixedUnit,
                qualifierColumn, stderrColumn, ciLowerColumn, ciUpperColumn, targetColumn, fixedTarget, dateColumn,
                smilesColumn, sigmaLimit, kelvin);
    }
}
