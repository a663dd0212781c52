package io.fer.ingest.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * What a source URI is: a file (read to its end), a live stream or camera (reconnected), or frames: a folder of frames,
 * or one still image (a one-frame clip).
 */
public enum SourceKind {
    FILE, LIVE, FOLDER;

    private static final Set<String> LIVE_SCHEMES = Set.of("rtsp", "rtsps", "rtmp", "rtmps", "udp", "tcp", "srt", "rtp");
    private static final Set<String> FILE_EXTENSIONS = Set.of("mp4", "mkv", "avi", "mov", "webm", "m4v", "mpg", "mpeg",
            "ts", "flv", "wmv", "ogv", "3gp", "gif");

    /** @param live force http(s) to be treated as a live stream rather than a downloadable file */
    public static SourceKind of(String uri, boolean live) {
        String lower = uri.toLowerCase(Locale.ROOT);
        int colon = lower.indexOf("://");
        if (colon > 0) {
            String scheme = lower.substring(0, colon);
            if (LIVE_SCHEMES.contains(scheme)) {
                return LIVE;
            }
            if (scheme.equals("http") || scheme.equals("https")) {
                String path = lower.replaceFirst("[?#].*$", "");
                String ext = path.substring(path.lastIndexOf('.') + 1);
                return live || !FILE_EXTENSIONS.contains(ext) ? LIVE : FILE;
            }
            if (scheme.equals("file")) {
                return local(uri.substring(colon + 3), false);
            }
            return live ? LIVE : FILE;
        }
        if (lower.startsWith("/dev/video")) {
            return LIVE;
        }
        return local(uri, live);
    }

    private static SourceKind local(String path, boolean live) {
        Path p = Path.of(path);
        if (Files.isDirectory(p) || (Files.isRegularFile(p) && FolderSource.isImage(p))) {
            return FOLDER;
        }
        return live ? LIVE : FILE;
    }
}
