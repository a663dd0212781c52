package io.fer.launcher;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where the command's own messages go. Native libraries (TensorFlow's start-up lines, FFmpeg's banners) write
 * straight to file descriptor 2, out of the JVM's reach; so `./fer` sends descriptor 2 to /dev/null unless
 * `--verbose` or FER_VERBOSE is given, hands the real stderr over as descriptor FER_CONSOLE_FD, and tells whether it
 * is a terminal (FER_STDERR_TTY). Run any other way, System.err stays as it is.
 */
public final class Console {
    static final String FD_ENV = "FER_CONSOLE_FD";
    static final String TTY_ENV = "FER_STDERR_TTY";

    private Console() {}

    /** Makes System.err the console descriptor ./fer handed over, if any. */
    static void adopt() {
        String fd = System.getenv(FD_ENV);
        if (fd == null || !fd.matches("\\d+")) {
            return;
        }
        try {
            // append: for a file this keeps what the shell already wrote; /proc/self/fd reopens the same target
            System.setErr(new PrintStream(new FileOutputStream("/proc/self/fd/" + fd, true), true, StandardCharsets.UTF_8));
        } catch (FileNotFoundException notLinux) {
            // keep System.err
        }
    }

    /** True when messages can be redrawn in place (\r) because stderr is a terminal. */
    public static boolean terminal() {
        String tty = System.getenv(TTY_ENV);
        return tty != null ? tty.equals("1") : System.console() != null;
    }
}
