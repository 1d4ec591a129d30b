use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = loggvakt::cli::Cli::parse();
    match loggvakt::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Broken pipes (`loggvakt query | head`) are not failures.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let msg = e
                .chain()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(": ");
            eprintln!("loggvakt: {}", loggvakt::text::for_terminal(&msg));
            ExitCode::FAILURE
        }
    }
}
