package dev.descent.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The machine's file system with faults on demand, for tests: every path of this file system stands for the same
 * path of the default one, and every operation goes through to it, unless an armed {@link Fault} matches the
 * operation and the path; then it throws the fault's exception instead, as a full disk ({@link #noSpace}) or a
 * failing one ({@link #ioError}) would. Code under test sees an ordinary {@link Path}: it cannot tell.
 */
public final class FaultyFileSystem extends FileSystem {

    /** What a fault can interrupt. */
    public enum Operation {
        /** opening a file to write it (create, append, truncate) */
        OPEN_FOR_WRITE,
        /** a write on an open file */
        WRITE,
        /** an fsync of a file or a directory */
        FORCE,
        /** a rename */
        MOVE,
        /** a deletion */
        DELETE
    }

    /** One armed fault: which operations on which paths, how many times (-1: until cleared), and what it throws. */
    public static final class Fault {
        private final Set<Operation> operations;
        private final Predicate<Path> where;
        private final String reason;
        private final AtomicInteger skip;
        private final AtomicInteger remaining;
        private final AtomicInteger hits = new AtomicInteger();

        private Fault(Set<Operation> operations, Predicate<Path> where, String reason, int skip, int times) {
            this.operations = operations;
            this.where = where;
            this.reason = reason;
            this.skip = new AtomicInteger(skip);
            this.remaining = new AtomicInteger(times);
        }

        /** How many operations it has failed so far. */
        public int hits() {
            return hits.get();
        }

        boolean matches(Operation operation, Path real) {
            if (!operations.contains(operation) || !where.test(real)) {
                return false;
            }
            if (skip.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return false;
            }
            while (true) {
                int left = remaining.get();
                if (left == 0) {
                    return false;
                }
                if (left < 0 || remaining.compareAndSet(left, left - 1)) {
                    hits.incrementAndGet();
                    return true;
                }
            }
        }
    }

    private final FileSystem real = java.nio.file.FileSystems.getDefault();
    private final Provider provider = new Provider();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    /** The path of this file system that stands for the real {@code path}. */
    public Path wrap(Path path) {
        return path == null ? null : new FaultyPath(this, path);
    }

    /**
     * Arms a fault: each of the operations, on a path whose real form matches, fails {@code times} times
     * (-1: until {@link #clear}), with an {@link IOException} of the given reason.
     */
    public Fault fail(Set<Operation> operations, Predicate<Path> where, String reason, int times) {
        return fail(operations, where, reason, 0, times);
    }

    /** As {@link #fail(Set, Predicate, String, int)}, letting the first {@code skip} matching operations through. */
    public Fault fail(Set<Operation> operations, Predicate<Path> where, String reason, int skip, int times) {
        Fault fault = new Fault(Set.copyOf(operations), where, reason, skip, times);
        faults.add(fault);
        return fault;
    }

    /** ENOSPC, as the JDK reports it on Linux. */
    public static String noSpace() {
        return "No space left on device";
    }

    /** EIO, as the JDK reports it on Linux. */
    public static String ioError() {
        return "Input/output error";
    }

    /** Disarms every fault. */
    public void clear() {
        faults.clear();
    }

    /** A predicate: the real path's file name contains the text (".f32", ".json", ".history", ".tmp"). */
    public static Predicate<Path> named(String part) {
        return path -> path.getFileName() != null && path.getFileName().toString().contains(part);
    }

    /** A predicate: the real path is the directory of this name itself (its fsync after a rename or deletion). */
    public static Predicate<Path> directory(String name) {
        return path -> path.getFileName() != null && path.getFileName().toString().equals(name) && Files.isDirectory(path);
    }

    /** A predicate: the real path lies in a directory of this name (e.g. "models"), or is that directory. */
    public static Predicate<Path> in(String directoryName) {
        return path -> {
            for (Path part = path; part != null; part = part.getParent()) {
                if (part.getFileName() != null && part.getFileName().toString().equals(directoryName)) {
                    return true;
                }
            }
            return false;
        };
    }

    private void check(Operation operation, Path realPath) throws IOException {
        for (Fault fault : faults) {
            if (fault.matches(operation, realPath)) {
                throw new FileSystemException(realPath.toString(), null, fault.reason);
            }
        }
    }

    private static Path unwrap(Path path) {
        if (path instanceof FaultyPath faulty) {
            return faulty.delegate;
        }
        throw new java.nio.file.ProviderMismatchException("not a path of the faulty file system: " + path);
    }

    // ---- FileSystem ----

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return real.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        real.getRootDirectories().forEach(root -> roots.add(wrap(root)));
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return real.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return real.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(real.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = real.getPathMatcher(syntaxAndPattern);
        return path -> matcher.matches(unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return real.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException();
    }

    // ---- Path ----

    private static final class FaultyPath implements Path {
        private final FaultyFileSystem fs;
        private final Path delegate;

        FaultyPath(FaultyFileSystem fs, Path delegate) {
            this.fs = fs;
            this.delegate = delegate;
        }

        private Path wrap(Path path) {
            return fs.wrap(path);
        }

        @Override
        public FileSystem getFileSystem() {
            return fs;
        }

        @Override
        public boolean isAbsolute() {
            return delegate.isAbsolute();
        }

        @Override
        public Path getRoot() {
            return wrap(delegate.getRoot());
        }

        @Override
        public Path getFileName() {
            return wrap(delegate.getFileName());
        }

        @Override
        public Path getParent() {
            return wrap(delegate.getParent());
        }

        @Override
        public int getNameCount() {
            return delegate.getNameCount();
        }

        @Override
        public Path getName(int index) {
            return wrap(delegate.getName(index));
        }

        @Override
        public Path subpath(int beginIndex, int endIndex) {
            return wrap(delegate.subpath(beginIndex, endIndex));
        }

        @Override
        public boolean startsWith(Path other) {
            return other instanceof FaultyPath p && delegate.startsWith(p.delegate);
        }

        @Override
        public boolean endsWith(Path other) {
            return other instanceof FaultyPath p && delegate.endsWith(p.delegate);
        }

        @Override
        public Path normalize() {
            return wrap(delegate.normalize());
        }

        @Override
        public Path resolve(Path other) {
            return wrap(delegate.resolve(unwrap(other)));
        }

        @Override
        public Path resolve(String other) {
            return wrap(delegate.resolve(other));
        }

        @Override
        public Path resolveSibling(String other) {
            return wrap(delegate.resolveSibling(other));
        }

        @Override
        public Path relativize(Path other) {
            return wrap(delegate.relativize(unwrap(other)));
        }

        @Override
        public URI toUri() {
            return delegate.toUri();
        }

        @Override
        public Path toAbsolutePath() {
            return wrap(delegate.toAbsolutePath());
        }

        @Override
        public Path toRealPath(LinkOption... options) throws IOException {
            return wrap(delegate.toRealPath(options));
        }

        @Override
        public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int compareTo(Path other) {
            return delegate.compareTo(unwrap(other));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FaultyPath p && p.fs == fs && p.delegate.equals(delegate);
        }

        @Override
        public int hashCode() {
            return delegate.hashCode();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    // ---- provider ----

    private final class Provider extends FileSystemProvider {
        private final FileSystemProvider real = FaultyFileSystem.this.real.provider();

        @Override
        public String getScheme() {
            return "faulty";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            return FaultyFileSystem.this;
        }

        @Override
        public Path getPath(URI uri) {
            return wrap(real.getPath(uri));
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            return newFileChannel(path, options, attrs);
        }

        @Override
        public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            Path target = unwrap(path);
            if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)) {
                check(Operation.OPEN_FOR_WRITE, target);
            }
            return new FaultyChannel(real.newFileChannel(target, options, attrs), target);
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
                throws IOException {
            DirectoryStream<Path> stream = real.newDirectoryStream(unwrap(dir), p -> filter.accept(wrap(p)));
            return new DirectoryStream<>() {
                @Override
                public Iterator<Path> iterator() {
                    Iterator<Path> paths = stream.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return paths.hasNext();
                        }

                        @Override
                        public Path next() {
                            return wrap(paths.next());
                        }
                    };
                }

                @Override
                public void close() throws IOException {
                    stream.close();
                }
            };
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            real.createDirectory(unwrap(dir), attrs);
        }

        @Override
        public void delete(Path path) throws IOException {
            check(Operation.DELETE, unwrap(path));
            real.delete(unwrap(path));
        }

        @Override
        public boolean deleteIfExists(Path path) throws IOException {
            check(Operation.DELETE, unwrap(path));
            return real.deleteIfExists(unwrap(path));
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            check(Operation.OPEN_FOR_WRITE, unwrap(target));
            real.copy(unwrap(source), unwrap(target), options);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            check(Operation.MOVE, unwrap(target));
            real.move(unwrap(source), unwrap(target), options);
        }

        @Override
        public boolean isSameFile(Path path, Path path2) throws IOException {
            return real.isSameFile(unwrap(path), unwrap(path2));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return real.isHidden(unwrap(path));
        }

        @Override
        public FileStore getFileStore(Path path) throws IOException {
            return real.getFileStore(unwrap(path));
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            real.checkAccess(unwrap(path), modes);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
            return real.getFileAttributeView(unwrap(path), type, options);
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
                throws IOException {
            return real.readAttributes(unwrap(path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
            return real.readAttributes(unwrap(path), attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
            real.setAttribute(unwrap(path), attribute, value, options);
        }
    }

    // ---- channel ----

    private final class FaultyChannel extends FileChannel {
        private final FileChannel delegate;
        private final Path path;

        FaultyChannel(FileChannel delegate, Path path) {
            this.delegate = delegate;
            this.path = path;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            check(Operation.WRITE, path);
            return delegate.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            check(Operation.WRITE, path);
            return delegate.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            check(Operation.FORCE, path);
            delegate.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            check(Operation.WRITE, path);
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            check(Operation.WRITE, path);
            return delegate.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }

    /** Lists the real files below a directory, for checks that nothing was left behind. */
    public static List<String> filesBelow(Path realDirectory) throws IOException {
        try (var files = Files.walk(realDirectory)) {
            return files.filter(Files::isRegularFile).map(f -> realDirectory.relativize(f).toString()).sorted().toList();
        }
    }
}
