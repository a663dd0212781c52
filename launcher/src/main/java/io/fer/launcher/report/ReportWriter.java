package io.fer.launcher.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.schemas.EmotionEvent;
import io.fer.summaries.TrackSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One self-contained HTML file for a video's events: per track, the probability of each emotion over time (inline
 * SVG, no scripts, nothing fetched), face crops spread over the track (inline JPEG), the time-weighted shares, the
 * dominant and current emotion and the transitions (the same summary logic as fer summaries).
 */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] COLOURS = {"#d62728", "#8c564b", "#9467bd", "#2ca02c", "#1f77b4", "#ff7f0e", "#7f7f7f"};
    private static final int W = 760;
    private static final int H = 180;

    private ReportWriter() {}

    /** Events from JSON Lines as fer events --json and fer demo --events-out write them. */
    public static List<EmotionEvent> readJsonLines(Path file) throws IOException {
        List<EmotionEvent> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode j = JSON.readTree(line);
            List<String> classes = new ArrayList<>();
            j.path("classes").forEach(c -> classes.add(c.asText()));
            List<Float> p = new ArrayList<>();
            j.path("probabilities").forEach(v -> p.add(v.floatValue()));
            List<String> mods = new ArrayList<>();
            j.path("modalities").forEach(m -> mods.add(m.asText()));
            out.add(EmotionEvent.newBuilder().setStreamId(j.path("streamId").asText()).setTrackId(j.path("trackId").asInt())
                    .setWindowStartUs(j.path("windowStartUs").asLong()).setWindowEndUs(j.path("windowEndUs").asLong())
                    .setFirstFrameIndex(j.path("firstFrameIndex").asLong()).setLastFrameIndex(j.path("lastFrameIndex").asLong())
                    .setClasses(classes).setProbabilities(p).setLabel(j.path("label").asText())
                    .setConfidence((float) j.path("confidence").asDouble()).setModelVersion(j.path("modelVersion").asText())
                    .setModalities(mods).setEndOfTrack(j.path("endOfTrack").asBoolean(false))
                    .setTracksInStream(j.path("tracksInStream").asInt(0))
                    .setFramesPerSecond((float) j.path("framesPerSecond").asDouble(0)).build());
        }
        return out;
    }

    public static void write(List<EmotionEvent> events, String title, Path out) throws IOException {
        write(events, new FaceThumbnails(1, 0), title, out);
    }

    public static void write(List<EmotionEvent> events, FaceThumbnails faces, String title, Path out) throws IOException {
        Map<String, List<EmotionEvent>> byTrack = new TreeMap<>();
        for (EmotionEvent e : events) {
            if (!e.getEndOfTrack()) {
                byTrack.computeIfAbsent(e.getStreamId() + " / track " + e.getTrackId(), k -> new ArrayList<>()).add(e);
            }
        }
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title><style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222}h2{margin-top:32px}table{border-collapse:collapse}")
                .append("td,th{padding:2px 8px;text-align:right}th{text-align:left}.legend span{margin-right:12px}")
                .append(".faces{display:flex;gap:6px;margin:8px 0}.faces figure{margin:0;font-size:11px;color:#666;text-align:center}")
                .append(".faces img{width:72px;height:72px;object-fit:cover;border-radius:3px;display:block}")
                .append("</style></head><body><h1>").append(esc(title)).append("</h1><p>").append(events.stream()
                        .filter(e -> !e.getEndOfTrack()).count()).append(" windows, ").append(byTrack.size()).append(" tracks</p>");
        for (Map.Entry<String, List<EmotionEvent>> t : byTrack.entrySet()) {
            List<EmotionEvent> ev = t.getValue();
            ev.sort((a, b) -> Long.compare(a.getWindowStartUs(), b.getWindowStartUs()));
            TrackSummary s = new TrackSummary();
            ev.forEach(s::add);
            List<String> classes = ev.get(0).getClasses();
            h.append("<h2>").append(esc(t.getKey())).append("</h2><p>dominant <b>").append(esc(s.dominant())).append("</b>, now <b>")
                    .append(esc(s.current)).append("</b>, ").append(ev.size()).append(" windows from ")
                    .append(seconds(s.startUs)).append(" to ").append(seconds(s.endUs)).append("</p>");
            h.append(thumbnails(faces.of(ev.get(0).getStreamId(), ev.get(0).getTrackId())));
            h.append(chart(ev, classes));
            h.append("<p class=\"legend\">");
            for (int c = 0; c < classes.size(); c++) {
                h.append("<span style=\"color:").append(COLOURS[c % COLOURS.length]).append("\">&#9632; ").append(esc(classes.get(c)))
                        .append("</span>");
            }
            h.append("</p><table><tr><th>emotion</th><th>share</th></tr>");
            float[] shares = s.shares();
            for (int c = 0; c < classes.size(); c++) {
                h.append("<tr><th>").append(esc(classes.get(c))).append("</th><td>")
                        .append(String.format(Locale.ROOT, "%.1f %%", 100 * shares[c])).append("</td></tr>");
            }
            h.append("</table>");
            if (!s.transitions.isEmpty()) {
                h.append("<p>transitions: ");
                for (TrackSummary.Transition x : s.transitions) {
                    h.append(esc(x.from())).append(" &rarr; ").append(esc(x.to())).append(" at ").append(seconds(x.atUs())).append("; ");
                }
                h.append("</p>");
            }
        }
        h.append("</body></html>\n");
        Files.writeString(out, h, StandardCharsets.UTF_8);
    }

    /** Probability of each class at each window's centre, one polyline per class. */
    private static String chart(List<EmotionEvent> ev, List<String> classes) {
        long t0 = ev.get(0).getWindowStartUs();
        long t1 = Math.max(t0 + 1, ev.get(ev.size() - 1).getWindowEndUs());
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + H
                + "\" role=\"img\"><rect width=\"100%\" height=\"100%\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        for (int c = 0; c < classes.size(); c++) {
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(COLOURS[c % COLOURS.length]).append("\" points=\"");
            for (EmotionEvent e : ev) {
                double centre = (e.getWindowStartUs() + e.getWindowEndUs()) / 2.0;
                double x = (centre - t0) / (t1 - t0) * (W - 20) + 10;
                double y = H - 10 - e.getProbabilities().get(c) * (H - 20);
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("\"><title>").append(esc(classes.get(c))).append("</title></polyline>");
        }
        return svg.append("</svg>").toString();
    }

    private static String thumbnails(List<FaceThumbnails.Thumbnail> crops) {
        if (crops.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<div class=\"faces\">");
        for (FaceThumbnails.Thumbnail t : crops) {
            sb.append("<figure><img alt=\"frame ").append(t.frameIndex()).append("\" src=\"data:image/jpeg;base64,")
                    .append(Base64.getEncoder().encodeToString(t.jpeg())).append("\"><figcaption>").append(seconds(t.timestampUs()))
                    .append("</figcaption></figure>");
        }
        return sb.append("</div>").toString();
    }

    private static String seconds(long us) {
        return String.format(Locale.ROOT, "%.2f s", us / 1e6);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
