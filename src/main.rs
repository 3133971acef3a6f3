fn main() -> std::process::ExitCode {
    sellkit::cli::main()
}
