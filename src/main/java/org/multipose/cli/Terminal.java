package org.multipose.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the command runs in an interactive terminal (progress bars are drawn only there). */
final class Terminal {

    private Terminal() {}

    /**
     * True when stdin and stdout are a terminal. On JDK 17–21 {@link System#console()} is null otherwise; from JDK 22
     * it may exist without a terminal, and {@code Console.isTerminal()} (looked up reflectively, so this compiles on
     * 17) tells.
     */
    static boolean isInteractive() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
