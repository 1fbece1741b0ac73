package org.amibundle.bundle.tar;

/**
 * The image member read from a bundle's tar stream: its file name, its full size, and whether it
 * was stored as a sparse member (holes left out of the stream).
 */
public record TarImage(String name, long size, boolean sparse) {}
