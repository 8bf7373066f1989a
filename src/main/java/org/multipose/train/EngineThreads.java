package org.multipose.train;

import ai.djl.engine.Engine;
import java.lang.reflect.Method;

/**
 * PyTorch's thread counts for a run. DJL's PyTorch engine reads {@code ai.djl.pytorch.num_threads} (intra-op) and
 * {@code ai.djl.pytorch.num_interop_threads} once, when the engine loads; {@link #configure} sets both before
 * loading it and then checks the engine's actual counts. If the engine was already running with another intra-op
 * count (e.g. in a test JVM), the count is set directly, which PyTorch allows at any time; the inter-op count cannot
 * change after the first parallel work and is only reported.
 *
 * <p>The engine's own getters are read reflectively: DJL's API has no thread accessor and the PyTorch engine is a
 * runtime-only dependency, so there is nothing to compile against.
 */
public final class EngineThreads {

    private static final String JNI = "ai.djl.pytorch.jni.JniUtils";

    /**
     * The effective counts after {@link #configure}.
     *
     * @param intraOp intra-op threads (-1 when the engine does not say)
     * @param interOp inter-op threads (-1 when the engine does not say)
     */
    public record Counts(int intraOp, int interOp) {
        @Override
        public String toString() {
            return "intra-op " + (intraOp < 0 ? "?" : intraOp) + ", inter-op " + (interOp < 0 ? "?" : interOp);
        }
    }

    private EngineThreads() {
    }

    /** Sets PyTorch to {@code threads} intra-op and inter-op threads (see the class comment) and returns the counts. */
    public static Counts configure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(threads));
        Engine.getInstance();
        int intra = call("getNumThreads");
        if (intra >= 0 && intra != threads) {
            invoke("setNumThreads", threads);
            intra = call("getNumThreads");
        }
        return new Counts(intra, call("getNumInteropThreads"));
    }

    /** PyTorch's intra-op thread count now (-1 when the engine does not say). */
    public static int intraOp() {
        return call("getNumThreads");
    }

    private static int call(String method) {
        try {
            Method m = Class.forName(JNI).getMethod(method);
            return (Integer) m.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return -1;
        }
    }

    private static void invoke(String method, int value) {
        try {
            Class.forName(JNI).getMethod(method, int.class).invoke(null, value);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Not the PyTorch engine: nothing to set.
        }
    }
}
