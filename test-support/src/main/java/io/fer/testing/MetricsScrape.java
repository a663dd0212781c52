package io.fer.testing;

import java.util.OptionalDouble;

/** A Prometheus text scrape (what a worker's /metrics returns), read by series. */
public final class MetricsScrape {
    private MetricsScrape() {}

    /** @param series the name with its labels as the scrape writes them, e.g. {@code fer_crop_decodes_total{input="face_crop"}} */
    public static OptionalDouble value(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst();
    }
}
