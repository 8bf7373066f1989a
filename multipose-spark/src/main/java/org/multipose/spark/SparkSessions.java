package org.multipose.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession the jobs run in: the master spark-submit gave (or {@code --master}, default {@code local[*]}),
 * the driver bound to the loopback address in local mode, no web UI in local mode, and Java serialization (the
 * rows moved between tasks are small serializable records).
 */
public final class SparkSessions {

    private SparkSessions() {}

    /**
     * The active session, or a new one.
     *
     * @param master {@code local[N]}, a cluster URL, or null to take spark-submit's ({@code spark.master}) or else
     *               {@code local[*]}
     */
    public static SparkSession getOrCreate(String master, String app) {
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        SparkSession.Builder b = SparkSession.builder().appName(app).master(m)
                .config("spark.sql.session.timeZone", "UTC");
        if (m.startsWith("local")) {
            b = b.config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4");
        }
        return b.getOrCreate();
    }
}
