//! `loggvakt-synth`: writes the synthetic sample exports and large benchmark passage files.
//! All people, cards and events it produces are fictional.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  loggvakt-synth sample-data [DIR]                 (default DIR: sample-data)
  loggvakt-synth passages --rows N --out FILE.csv|FILE.xlsx [--seed S]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("loggvakt-synth: {msg}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("sample-data") if args.len() <= 2 => {
            let dir = PathBuf::from(args.get(1).map_or("sample-data", String::as_str));
            let files = loggvakt::synth::write_sample_data(&dir)
                .map_err(|e| format!("{}: {e}", dir.display()))?;
            for f in files {
                println!("{:>6}  {}  ({})", f.rows, f.name, f.description);
            }
            println!(
                "The .xls variant comes from: python3 {}",
                dir.join("tools/make_xls.py").display()
            );
            Ok(())
        }
        Some("passages") => passages(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err("unknown or missing command".into()),
    }
}

fn passages(args: &[String]) -> Result<(), String> {
    let (mut rows, mut out, mut seed) = (None, None, 1u64);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag}: not a number: {value}"))
        };
        match flag.as_str() {
            "--rows" => rows = Some(number()?),
            "--seed" => seed = number()?,
            "--out" => out = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    let rows = rows.ok_or("--rows is required")?;
    let out = out.ok_or("--out is required")?;
    let xlsx = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let write = if xlsx {
        loggvakt::synth::write_bulk_passages_xlsx
    } else {
        loggvakt::synth::write_bulk_passages_csv
    };
    write(Path::new(&out), rows, seed).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("{rows} rows  {}", out.display());
    Ok(())
}
