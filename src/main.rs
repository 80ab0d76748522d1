fn main() -> std::process::ExitCode {
    chloromaster::cli::main()
}
