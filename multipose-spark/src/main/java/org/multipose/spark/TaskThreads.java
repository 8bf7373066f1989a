package org.multipose.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * What a Spark task thread sets before it runs a model. PyTorch's grad mode is a per-thread flag; DJL turns it off on
 * the thread that starts the engine (the single-machine commands' main thread), but Spark runs tasks on its own
 * threads, where it is on: loading weights into a parameter would then fail ("a leaf Variable that requires grad is
 * being used in an in-place operation") and a forward pass would record a graph for nothing.
 */
final class TaskThreads {

    private TaskThreads() {}

    /** Starts the engine (once per JVM) and turns PyTorch's grad mode off on the calling thread. */
    static void inference() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }
}
