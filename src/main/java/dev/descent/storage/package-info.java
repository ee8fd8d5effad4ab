/** Durable files: atomic writes (temp file, fsync, rename) and the layout of the data directory. */
package dev.descent.storage;
