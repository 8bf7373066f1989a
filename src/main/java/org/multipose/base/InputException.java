package org.multipose.base;

/**
 * A problem with the user's input (a file, a config value, a command-line option), reported as one line that names
 * the input, where in it (line / record / key) and the fix. The CLI prints the message alone, without a stack trace,
 * and exits non-zero; anything that is not an {@code InputException} is reported as an internal error.
 */
public class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
