use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = loggvakt::cli::Cli::parse();
    let lang = cli.lang.unwrap_or_else(loggvakt::i18n::Lang::from_env);
    match loggvakt::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let (message, code) = loggvakt::cli::failure(&e, lang);
            if let Some(m) = message {
                eprintln!("loggvakt: {m}");
            }
            ExitCode::from(code)
        }
    }
}
