package org.multipose.data;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * File names, column names and Arrow schemas of a dataset directory (documented in docs/guide/datasets.md). Only
 * standard Arrow types, so pyarrow and pandas read the files: utf8, int16/int32, float32/float64, bool, date32,
 * list, map. List children are named "item" and map entries "entries"/"key"/"value", as pyarrow names them.
 */
final class DatasetSchema {

    static final String POSES_FILE = "poses.arrow";
    static final String COMPOUNDS_FILE = "compounds.arrow";
    static final String RECEPTORS_FILE = "receptors.arrow";
    static final String REJECTS_FILE = "rejects.csv";
    static final String SUMMARY_FILE = "summary.json";
    /** A partitioned dataset's list of parts ({@link DatasetManifest}). */
    static final String MANIFEST_FILE = "manifest.json";
    /** The folder of a partitioned dataset's part files. */
    static final String PARTS_DIR = "parts";
    /** The Arrow files in fingerprint order. */
    static final List<String> ARROW_FILES = List.of(COMPOUNDS_FILE, POSES_FILE, RECEPTORS_FILE);

    /** Schema metadata key naming the table ("poses", "compounds", "receptors"). */
    static final String KEY_TABLE = "multipose.table";
    /** Schema metadata key of receptors.arrow: JSON array of the targets, one per record batch, in batch order. */
    static final String KEY_RECEPTOR_TARGETS = "multipose.receptor_targets";

    // pose table
    static final String TARGET = "target";
    static final String COMPOUND_ID = "compound_id";
    static final String POSE_INDEX = "pose_index";
    static final String SOURCE_FILE = "source_file";
    static final String SOURCE_RECORD = "source_record";
    static final String COORDS = "coords";
    static final String TYPES = "types";
    static final String RADII = "radii";
    static final String SCORES = "scores";
    // compound table
    static final String HAS_LABEL = "has_label";
    static final String PK = "pk";
    static final String DG_KT = "dg_kt";
    static final String MEASURE = "measure";
    static final String QUALIFIER = "qualifier";
    static final String SIGMA_PK = "sigma_pk";
    static final String N_MEASUREMENTS = "n_measurements";
    static final String DATE = "date";
    static final String SMILES = "smiles";
    static final String N_POSES = "n_poses";
    static final String POSE_BATCH = "pose_batch";
    static final String POSE_OFFSET = "pose_offset";

    private DatasetSchema() {}

    static Schema poses(Map<String, String> metadata) {
        return new Schema(List.of(
                utf8(TARGET, false), utf8(COMPOUND_ID, false), int32(POSE_INDEX, false),
                utf8(SOURCE_FILE, false), int32(SOURCE_RECORD, false),
                list(COORDS, float32()), list(TYPES, int16()), list(RADII, float32()),
                scoresMap()), metadata);
    }

    static Schema compounds(Map<String, String> metadata) {
        return new Schema(List.of(
                utf8(TARGET, false), utf8(COMPOUND_ID, false),
                new Field(HAS_LABEL, FieldType.notNullable(ArrowType.Bool.INSTANCE), null),
                float64(PK, true), float64(DG_KT, true), utf8(MEASURE, true), utf8(QUALIFIER, true),
                float64(SIGMA_PK, true), int32(N_MEASUREMENTS, false),
                new Field(DATE, FieldType.nullable(new ArrowType.Date(DateUnit.DAY)), null),
                utf8(SMILES, true), int32(N_POSES, false), int32(POSE_BATCH, false), int32(POSE_OFFSET, false)),
                metadata);
    }

    static Schema receptors(Map<String, String> metadata) {
        return new Schema(List.of(
                utf8(TARGET, false), utf8(SOURCE_FILE, false),
                list(COORDS, float32()), list(TYPES, int16()), list(RADII, float32())), metadata);
    }

    private static Field utf8(String name, boolean nullable) {
        return new Field(name, new FieldType(nullable, ArrowType.Utf8.INSTANCE, null), null);
    }

    private static Field int32(String name, boolean nullable) {
        return new Field(name, new FieldType(nullable, new ArrowType.Int(32, true), null), null);
    }

    private static Field float64(String name, boolean nullable) {
        return new Field(name, new FieldType(nullable,
                new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), null), null);
    }

    private static ArrowType float32() {
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    }

    private static ArrowType int16() {
        return new ArrowType.Int(16, true);
    }

    private static Field list(String name, ArrowType item) {
        return new Field(name, FieldType.notNullable(ArrowType.List.INSTANCE),
                List.of(new Field("item", FieldType.notNullable(item), null)));
    }

    private static Field scoresMap() {
        Field key = new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
        Field value = float64("value", false);
        Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value));
        return new Field(SCORES, FieldType.notNullable(new ArrowType.Map(false)), List.of(entries));
    }
}
