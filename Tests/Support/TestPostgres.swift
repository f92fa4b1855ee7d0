import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway PostgreSQL server for the tests: Debian's `postgresql` binaries, a cluster
/// initialised in a temporary directory, listening on a free loopback port, started once
/// per test process and stopped when it exits. `VIGIL_TEST_POSTGRES_URL` points the tests
/// at a server of one's own instead. Each caller gets a database of its own.
public actor TestPostgres {
    public static let shared = TestPostgres()

    /// Why PostgreSQL cannot be used here (no binaries), or `nil`.
    public nonisolated static var unavailableReason: String? {
        if ProcessInfo.processInfo.environment["VIGIL_TEST_POSTGRES_URL"] != nil { return nil }
        return binDirectory == nil ? "PostgreSQL's initdb is not installed (apt-get install postgresql)" : nil
    }

    private typealias Server = (url: String, host: String, port: Int, user: String)
    /// One start for every caller: the actor is re-entered while the first one waits.
    private var server: Task<Server, any Error>?
    private var databases = 0

    /// A new, empty database's `postgres://` address.
    public func freshDatabase() async throws -> String {
        let server = try await started()
        databases += 1
        let name = "vigil_test_\(getpid())_\(databases)"
        try await psql(server, "CREATE DATABASE \(name)")
        return "postgres://\(server.user)@\(server.host):\(server.port)/\(name)?sslmode=disable"
    }

    private func started() async throws -> Server {
        if let server { return try await server.value }
        let starting = Task { try await Self.start() }
        server = starting
        return try await starting.value
    }

    private static func start() async throws -> Server {
        if let url = ProcessInfo.processInfo.environment["VIGIL_TEST_POSTGRES_URL"], let components = URLComponents(string: url) {
            return (url, components.host ?? "127.0.0.1", components.port ?? 5432, components.user ?? "postgres")
        }
        guard let bin = binDirectory else { throw Failure("PostgreSQL's initdb is not installed") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-pg-\(getpid())").path
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let asRoot = geteuid() == 0
        if asRoot {
            // initdb refuses to run as root: the cluster belongs to Debian's postgres user.
            guard let user = getpwnam("postgres"), chown(directory, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw Failure("cannot give \(directory) to the postgres user")
            }
        }
        let port = FreePort.next()
        let data = directory + "/data"
        let log = directory + "/setup.log"
        try await run(asRoot, bin + "/initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], log: log)
        // No fsync: these clusters hold test data only (Vigil's own durability is tested
        // by killing Vigil, not the database).
        let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200"
        try await run(asRoot, bin + "/pg_ctl", ["-D", data, "-l", directory + "/server.log", "-w", "-t", "60", "-o", options, "start"], log: log)
        Self.stopCommand = (asRoot, bin + "/pg_ctl", data)
        // A test process that crashes runs no atexit handler: a watcher stops the cluster
        // once this process is gone.
        let stop = (asRoot ? "/usr/sbin/runuser -u postgres -- " : "") + "\(bin)/pg_ctl -D \(data) -m immediate stop"
        spawnDetached(["/bin/sh", "-c", "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop) >/dev/null 2>&1; rm -rf \(directory)"])
        atexit {
            guard let (asRoot, pgCtl, data) = TestPostgres.stopCommand else { return }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: asRoot ? "/usr/sbin/runuser" : pgCtl)
            process.arguments = (asRoot ? ["-u", "postgres", "--", pgCtl] : []) + ["-D", data, "-m", "immediate", "stop"]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: (data as NSString).deletingLastPathComponent)
        }
        return ("postgres://postgres@127.0.0.1:\(port)/postgres", "127.0.0.1", port, "postgres")
    }

    nonisolated(unsafe) private static var stopCommand: (Bool, String, String)?

    /// Closes every descriptor above stderr in the spawned program. Without it, a program
    /// that outlives its spawn (the watcher below, the PostgreSQL server `pg_ctl` leaves)
    /// keeps whatever pipe another test had open at that moment — a `ChildProcess.run`
    /// then never sees its end of output, and the run hangs at exit (seen in the suite).
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34) is looked up at run time:
    /// the Glibc module does not import it.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    /// Starts a program and leaves it running (its own session, no output).
    private static func spawnDetached(_ argv: [String]) {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc 2.26), which the Glibc module does not import: the
        // watcher leaves the test run's process group, so killing that group spares it.
        posix_spawnattr_setflags(&attributes, 0x80)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_RDWR, 0) }
        closeInheritedDescriptors(&actions)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        _ = posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, environ)
    }

    /// Runs a PostgreSQL tool (as the postgres user when this is root) with its output in
    /// `log`. Spawned and reaped here rather than through Foundation's `Process`, which
    /// did not notice `runuser` exit once `pg_ctl` had left a server behind.
    private static func run(_ asRoot: Bool, _ executable: String, _ arguments: [String], log: String) async throws {
        let argv = asRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments : [executable] + arguments
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
                posix_spawn_file_actions_init(&actions)
                defer { posix_spawn_file_actions_destroy(&actions) }
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                posix_spawn_file_actions_adddup2(&actions, 1, 2)
                // pg_ctl start leaves the server running with whatever it inherited.
                closeInheritedDescriptors(&actions)
                var cArguments = argv.map { strdup($0) } + [nil]
                defer { for pointer in cArguments { free(pointer) } }
                var pid: pid_t = 0
                let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
                guard spawned == 0 else {
                    continuation.resume(throwing: Failure("cannot start \(argv[0]): error \(spawned)"))
                    return
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: (status >> 8) & 0xff)
            }
        }
        guard status == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw Failure("\(executable) failed (\(status)): \(output.suffix(2000))")
        }
    }

    private func psql(_ server: Server, _ sql: String) async throws {
        let psql = (Self.binDirectory.map { $0 + "/psql" }).flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil } ?? "/usr/bin/psql"
        let result = try await ChildProcess.run(psql, [server.url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
        guard result.status == 0 else { throw Failure("psql failed: \(result.output)") }
    }

    /// The newest installed PostgreSQL's binaries.
    private nonisolated static var binDirectory: String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.reversed().map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
