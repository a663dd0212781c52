package io.fer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitClockTest {
    @Test
    void theCompilersShareOfARunIsMeasuredInCoresNotMoreThanTheMachineHas() {
        JitClock clock = JitClock.start();
        long sum = 0;
        long until = System.nanoTime() + 300_000_000L; // long enough that compilations begun before count little
        for (int round = 0; System.nanoTime() < until; round++) {
            sum += hot(round); // hot enough to be compiled
        }

        double share = clock.shareOfOneCore();

        assertThat(sum).isNotZero();
        assertThat(share).as("HotSpot times its compilations, in cores").isFinite().isNotNegative()
                .isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    }

    private static long hot(int n) {
        long x = n;
        for (int i = 0; i < 50; i++) {
            x = x * 31 + (i ^ n);
        }
        return x;
    }
}
