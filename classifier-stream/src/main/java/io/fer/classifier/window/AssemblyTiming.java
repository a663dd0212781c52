package io.fer.classifier.window;

import java.io.Serializable;
import java.time.Duration;

/**
 * How long window assembly awaits a silent modality, how long a track may go without a vector before it ends, and
 * when forgotten state expires.
 */
public record AssemblyTiming(Duration modalityTimeout, Duration trackIdle, Duration stateTtl) implements Serializable {
    public static final AssemblyTiming DEFAULT =
            new AssemblyTiming(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofHours(1));

    public AssemblyTiming {
        if (modalityTimeout.isNegative() || modalityTimeout.isZero() || trackIdle.isNegative() || trackIdle.isZero()
                || stateTtl.isNegative() || stateTtl.isZero()) {
            throw new IllegalArgumentException("modality timeout, track idle time and state TTL must be positive");
        }
    }
}
