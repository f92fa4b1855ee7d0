import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock (`flock`) on `DIR/vigil.lock`, held by `vigil serve` for
/// its whole life: a second server on the same data, or a restore under a running one,
/// is refused instead of corrupting it. The kernel drops the lock when the process ends,
/// `kill -9` included, so a crash never leaves a stale lock behind.
public final class DataDirectoryLock: @unchecked Sendable {
    private var descriptor: Int32

    /// Takes the lock, creating the directory and lock file if needed.
    /// - Throws: ``StoreError/dataDirectoryInUse(_:)`` when another process holds it.
    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("vigil.lock")
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StoreError.cannotOpen(path, String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            descriptor = -1
            throw StoreError.dataDirectoryInUse(directory)
        }
    }

    /// Releases the lock (also released when the process exits).
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
