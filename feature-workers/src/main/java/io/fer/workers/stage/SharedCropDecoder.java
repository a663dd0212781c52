package io.fer.workers.stage;

import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Decodes each crop once for all the modality stages of one process that read it. fer.faces carries crops as JPEG for
 * its readers in other processes; without this, a worker running several modalities decoded every crop once per
 * modality. An entry is keyed by the JPEG's bytes, so a stage gets exactly the pixels its own decode would give: its
 * vectors, and the events, do not depend on which stages share a process or in what order they come to a crop.
 *
 * <p>An entry leaves once each of the process's readers took it. Stages run at their own pace, so when one runs far
 * behind the others its crops would wait for it: past {@code maxBytes} the oldest decoded entries go, and a stage
 * that comes late decodes the crop itself (the same pixels, one more decode).
 */
public final class SharedCropDecoder implements CropDecoder {
    private final int readers;
    private final long maxBytes;
    /** In the order first asked for: the head is the oldest, evicted first. */
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();
    private long bytes;
    private long decodes;
    private long requests;

    /**
     * @param readers  the stages of this process that read these crops (2 or more)
     * @param maxBytes decoded pixels and their keys held at most while waiting for the other readers
     */
    public SharedCropDecoder(int readers, long maxBytes) {
        if (readers < 2) {
            throw new IllegalArgumentException("a shared decoder needs 2 or more readers, got " + readers);
        }
        this.readers = readers;
        this.maxBytes = maxBytes;
    }

    /** Own decodes for one reader, shared ones for several. */
    public static CropDecoder forReaders(int readers, long maxBytes) {
        return readers < 2 ? OWN : new SharedCropDecoder(readers, maxBytes);
    }

    @Override
    public RgbImage decode(ByteBuffer jpeg) {
        Key key = new Key(FaceStage.bytes(jpeg));
        Entry entry;
        boolean first;
        synchronized (this) {
            requests++;
            entry = entries.get(key);
            first = entry == null;
            if (first) {
                entry = new Entry(readers);
                entries.put(key, entry);
                decodes++;
            }
            if (--entry.waitingFor == 0) {
                forget(key, entry);
            }
        }
        if (!first) {
            try {
                return entry.image.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof IllegalArgumentException bad ? new IllegalArgumentException(bad.getMessage(), bad) : e;
            }
        }
        RgbImage image;
        try {
            image = Images.decode(key.jpeg);
        } catch (RuntimeException e) {
            synchronized (this) {
                forget(key, entry);
            }
            entry.image.completeExceptionally(e);
            throw e;
        }
        entry.image.complete(image);
        synchronized (this) {
            if (entries.get(key) == entry) {
                entry.bytes = image.rgb().length + (long) key.jpeg.length;
                bytes += entry.bytes;
                evictOldest();
            }
        }
        return image;
    }

    private void forget(Key key, Entry entry) {
        if (entries.remove(key, entry)) {
            bytes -= entry.bytes;
        }
    }

    /** Oldest decoded entries first; entries still being decoded hold no bytes yet and stay. */
    private void evictOldest() {
        for (Iterator<Entry> it = entries.values().iterator(); bytes > maxBytes && it.hasNext(); ) {
            Entry e = it.next();
            if (e.bytes > 0) {
                it.remove();
                bytes -= e.bytes;
            }
        }
    }

    /** Crops decoded so far (once per distinct crop while it is held, again when one comes after its eviction). */
    public synchronized long decodes() {
        return decodes;
    }

    /** Crops asked for by all readers together. */
    public synchronized long requests() {
        return requests;
    }

    /** Bytes held now. */
    public synchronized long heldBytes() {
        return bytes;
    }

    public synchronized int heldCrops() {
        return entries.size();
    }

    private static final class Entry {
        final CompletableFuture<RgbImage> image = new CompletableFuture<>();
        int waitingFor;
        long bytes;

        Entry(int readers) {
            this.waitingFor = readers;
        }
    }

    private static final class Key {
        final byte[] jpeg;
        final int hash;

        Key(byte[] jpeg) {
            this.jpeg = jpeg;
            this.hash = Arrays.hashCode(jpeg);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.jpeg, jpeg);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
