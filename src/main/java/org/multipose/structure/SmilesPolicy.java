package org.multipose.structure;

/**
 * Which records of a ligand file get a canonical SMILES ({@link Molecule#smiles()}). Writing one is the costliest
 * step after parsing (about a quarter of the read time of a docked-pose file), and every pose of a compound has the
 * same graph, so a stage that needs one SMILES per compound asks for the first record of each.
 */
public enum SmilesPolicy {
    /** Every record read gets its SMILES. */
    EVERY_RECORD,
    /**
     * Only the first record of each compound id within one read call gets its SMILES; the others get "" (which then
     * means "not computed", not "CDK could not write one").
     */
    FIRST_PER_COMPOUND
}
