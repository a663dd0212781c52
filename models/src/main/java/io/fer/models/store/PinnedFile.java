package io.fer.models.store;

/** One file taken from a pinned npm package: where it is in the tarball and its SHA-256. */
public record PinnedFile(String name, String pathInPackage, String sha256) {}
