package org.multipose.structure;

import org.openscience.cdk.tools.ILoggingTool;
import org.openscience.cdk.tools.LoggingToolFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes CDK's own logging to slf4j at debug level. Without it CDK prints every parse problem to stderr in its own
 * words; our readers report the same problems once, as {@link org.multipose.base.Reject}s naming file and record.
 * CDK creates its loggers when a class is first loaded, so {@link #install()} must run before any CDK reader class is
 * touched; the readers of this package call it from their static initialisers.
 */
public final class CdkLogging implements ILoggingTool {

    private static volatile boolean installed;

    private final Logger log;
    private int level = DEBUG;

    private CdkLogging(Class<?> source) {
        this.log = LoggerFactory.getLogger(source);
    }

    /** Installs this class as CDK's logging tool (idempotent). */
    public static void install() {
        if (!installed) {
            synchronized (CdkLogging.class) {
                if (!installed) {
                    LoggingToolFactory.setLoggingToolClass(CdkLogging.class);
                    installed = true;
                }
            }
        }
    }

    /** Factory method CDK's {@link LoggingToolFactory} calls reflectively. */
    public static ILoggingTool create(Class<?> source) {
        return new CdkLogging(source);
    }

    @Override public void dumpSystemProperties() {}
    @Override public void setStackLength(int length) {}
    @Override public void dumpClasspath() {}
    @Override public void debug(Object o) { log.debug("{}", o); }
    @Override public void debug(Object o, Object... more) { log.debug("{}", o); }
    // CDK's "errors" are per-record parse problems that our readers turn into Rejects: keep them at debug.
    @Override public void error(Object o) { log.debug("{}", o); }
    @Override public void error(Object o, Object... more) { log.debug("{}", o); }
    @Override public void fatal(Object o) { log.debug("{}", o); }
    @Override public void info(Object o) { log.debug("{}", o); }
    @Override public void info(Object o, Object... more) { log.debug("{}", o); }
    @Override public void warn(Object o) { log.debug("{}", o); }
    @Override public void warn(Object o, Object... more) { log.debug("{}", o); }
    @Override public boolean isDebugEnabled() { return log.isDebugEnabled(); }
    @Override public void setLevel(int level) { this.level = level; }
    @Override public int getLevel() { return level; }
}
