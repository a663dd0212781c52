package io.fer.ingest.source;

import io.fer.ingest.IngestConfig;
import java.nio.file.Path;

/** One source to ingest: where it is, the stream id its frames get, what kind it is. */
public record SourceSpec(String uri, String streamId, SourceKind kind, boolean preAligned) {
    public SourceSpec {
        if (streamId == null || streamId.isBlank()) {
            throw new IllegalArgumentException("a stream id is required for " + uri);
        }
    }

    public static SourceSpec of(String uri, String streamId, boolean live, boolean preAligned) {
        return new SourceSpec(uri, streamId, SourceKind.of(uri, live), preAligned);
    }

    public FrameSource open(IngestConfig cfg) {
        FrameSource s = switch (kind) {
            case FOLDER -> new FolderSource(Path.of(uri.startsWith("file://") ? uri.substring(7) : uri),
                    cfg.folderFps(), cfg.maxSide());
            case LIVE -> new FfmpegSource(uri, cfg.maxSide(), true, cfg.timeoutUs());
            case FILE -> new FfmpegSource(uri, cfg.maxSide(), false, cfg.timeoutUs());
        };
        s.open();
        return s;
    }
}
