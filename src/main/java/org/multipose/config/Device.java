package org.multipose.config;

/**
 * Where the model runs: the CPU, or one GPU by index. YAML spelling: {@code cpu}, {@code gpu} (= GPU 0),
 * {@code gpu:N}, or a bare GPU index {@code N}; written back as {@code cpu} or {@code gpu:N}.
 *
 * @param gpu the GPU index, or -1 for the CPU
 */
public record Device(int gpu) {

    /** The CPU. */
    public static final Device CPU = new Device(-1);

    public Device {
        if (gpu < -1) {
            throw new IllegalArgumentException("GPU index must be >= 0, got " + gpu);
        }
    }

    /** True for the CPU. */
    public boolean isCpu() {
        return gpu < 0;
    }

    /** Parses the YAML spelling (see the type's Javadoc); the message of the exception names the allowed forms. */
    public static Device parse(String text) {
        String s = text.trim();
        if (s.equals("cpu")) {
            return CPU;
        }
        if (s.equals("gpu")) {
            return new Device(0);
        }
        String index = s.startsWith("gpu:") ? s.substring(4) : s;
        try {
            int i = Integer.parseInt(index);
            if (i >= 0) {
                return new Device(i);
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a device; " + allowed());
    }

    /** The allowed spellings, for messages and the config reference. */
    public static String allowed() {
        return "cpu, gpu, gpu:N or a GPU index N";
    }

    @Override
    public String toString() {
        return isCpu() ? "cpu" : "gpu:" + gpu;
    }
}
