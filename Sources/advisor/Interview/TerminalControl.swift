@preconcurrency import Glibc

/// The terminal's state and the signals that must not leave it broken.
///
/// Raw mode (keys arrive one by one, unechoed) and the alternate screen the menus draw on are
/// entered for menus and always left: on a normal return, at exit, and from the handlers of the
/// signals that end the program. Termination signals (SIGINT, SIGTERM, SIGHUP) and a change of
/// the window's size (SIGWINCH) are not handled in the handler itself: it writes the signal's
/// number to a pipe that every read also watches, so the interview can save the answers and say
/// how to resume before it exits, or redraw for the new size. Crash signals restore the terminal
/// and re-raise.
enum TerminalControl {
    /// The settings before raw mode, restored on the way out.
    nonisolated(unsafe) private static var original = termios()
    /// 1 while raw mode is on (read by signal handlers).
    nonisolated(unsafe) private static var rawActive: sig_atomic_t = 0
    /// 1 while the alternate screen is shown (read by signal handlers).
    nonisolated(unsafe) private static var alternateActive: sig_atomic_t = 0
    /// The pipe termination signals are written to: its two ends, plain numbers a handler can read.
    nonisolated(unsafe) private static var signalReadEnd: Int32 = -1
    nonisolated(unsafe) private static var signalWriteEnd: Int32 = -1
    nonisolated(unsafe) private static var installed = false

    /// The file descriptor a reader polls to learn that a termination signal arrived.
    static var signalDescriptor: Int32 { signalReadEnd }

    /// Installs the signal handlers (once).
    static func installSignalHandlers() {
        guard !installed else { return }
        installed = true
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            signalReadEnd = ends[0]
            signalWriteEnd = ends[1]
            _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        }
        // A parent may have blocked these signals (some process launchers do); they must arrive.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&unblock, signal) }
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(TerminalControl.signalWriteEnd, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            // A resize must not cut a read or write short (SA_RESTART); the pipe wakes the poll.
            action.sa_flags = signal == SIGWINCH ? SA_RESTART : 0
            sigaction(signal, &action, nil)
        }
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                TerminalControl.restoreFromSignal()
                Glibc.signal(number, SIG_DFL)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
        atexit { TerminalControl.leaveRawMode() }
    }

    /// Switches standard input to raw mode: no line buffering, no echo, Ctrl-C as a key.
    /// Returns false when standard input is not a terminal.
    static func enterRawMode() -> Bool {
        guard rawActive == 0 else { return true }
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return false }
        original = settings
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        settings.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR | IGNCR)
        // VMIN 1, VTIME 0: a read returns as soon as one byte is there.
        withUnsafeMutableBytes(of: &settings.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings) == 0 else { return false }
        rawActive = 1
        writeOut("\u{1B}[?25l")  // hide the cursor while a menu is shown
        return true
    }

    /// Restores the settings raw mode replaced, the cursor and the normal screen.
    static func leaveRawMode() {
        leaveAlternateScreen()
        guard rawActive == 1 else { return }
        rawActive = 0
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
        writeOut("\u{1B}[?25h")
    }

    /// Switches to the alternate screen (as full-screen programs do), so redrawing never touches
    /// the conversation before the program, and a resize cannot scramble it.
    static func enterAlternateScreen() {
        guard alternateActive == 0 else { return }
        alternateActive = 1
        writeOut("\u{1B}[?1049h\u{1B}[H\u{1B}[2J")
    }

    /// Back to the normal screen, as it was before the alternate one.
    static func leaveAlternateScreen() {
        guard alternateActive == 1 else { return }
        alternateActive = 0
        writeOut("\u{1B}[?1049l")
    }

    /// From a signal handler: only async-signal-safe calls.
    private static func restoreFromSignal() {
        if alternateActive == 1 {
            alternateActive = 0
            var normal: [UInt8] = Array("\u{1B}[?1049l".utf8)
            _ = write(STDOUT_FILENO, &normal, normal.count)
        }
        guard rawActive == 1 else { return }
        rawActive = 0
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &original)
        var show: [UInt8] = Array("\u{1B}[?25h".utf8)
        _ = write(STDOUT_FILENO, &show, show.count)
    }

    /// The terminal's width in columns: 80 when unknown, and no limit when standard output is
    /// not a terminal (a script gets whole lines).
    static var columns: Int {
        guard isatty(STDOUT_FILENO) == 1 else { return 100_000 }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// The terminal's height in rows (24 when unknown).
    static var rows: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 { return Int(size.ws_row) }
        return 24
    }

    /// Writes text to standard output at once, unbuffered.
    static func writeOut(_ text: String) {
        let bytes = Array(text.utf8)
        let total = bytes.count
        var offset = 0
        while offset < total {
            let written = bytes.withUnsafeBytes { buffer in
                buffer.baseAddress.map { write(STDOUT_FILENO, $0 + offset, total - offset) } ?? -1
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// What waiting for input gave.
    enum Input {
        case bytes([UInt8])
        case endOfInput
        /// A termination signal arrived (its number).
        case signal(Int32)
        /// The window changed size.
        case resized
    }

    /// Waits for bytes on standard input, a termination signal or a resize, whichever comes first.
    static func read() -> Input {
        while true {
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
            if signalReadEnd >= 0 { fds.append(pollfd(fd: signalReadEnd, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return .endOfInput
            }
            if fds.count > 1, fds[1].revents & Int16(POLLIN) != 0 {
                var byte: UInt8 = 0
                _ = Glibc.read(signalReadEnd, &byte, 1)
                return Int32(byte) == SIGWINCH ? .resized : .signal(Int32(byte))
            }
            if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                var buffer = [UInt8](repeating: 0, count: 1024)
                let count = buffer.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, 1024) }
                if count < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return .endOfInput
                }
                if count == 0 { return .endOfInput }
                return .bytes(Array(buffer[0..<count]))
            }
        }
    }
}

/// Reads standard input a line at a time (line mode), watching for termination signals too.
struct LineInput {
    private var pending: [UInt8] = []
    private var ended = false

    enum Line {
        case text(String)
        case endOfInput
        case signal(Int32)
    }

    /// The next line without its line end; the last line may lack one.
    mutating func next() -> Line {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return .text(String(decoding: line, as: UTF8.self))
            }
            if ended {
                guard !pending.isEmpty else { return .endOfInput }
                let line = pending
                pending = []
                return .text(String(decoding: line, as: UTF8.self))
            }
            switch TerminalControl.read() {
            case .bytes(let bytes): pending += bytes
            case .endOfInput: ended = true
            case .signal(let number): return .signal(number)
            case .resized: continue  // lines are not redrawn
            }
        }
    }
}
