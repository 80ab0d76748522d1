fn main() -> std::process::ExitCode {
    chloromaster::cli::main(chloromaster::app::serve)
}
