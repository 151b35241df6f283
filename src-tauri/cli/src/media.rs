//! `verdict media …`: add, list, describe and remove the desk's images.

use std::path::PathBuf;

use clap::Subcommand;
use verdict_core::media::{MediaItem, MediaText};
use verdict_core::workflow::Role;
use verdict_core::Desk;

use crate::Failure;

#[derive(Subcommand)]
pub enum MediaCommand {
    /// Add an image file (JPEG, PNG, GIF, WebP or SVG): its metadata (EXIF, GPS) is removed,
    /// it is capped at 4096 px, and WebP variants are made. Prints its hash.
    Add {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// What the image shows, for readers who cannot see it.
        #[arg(long, value_name = "TEXT", required_unless_present = "decorative")]
        alt: Option<String>,
        /// Where it comes from ("Photo: …", "Screenshot: vendor's site").
        #[arg(long, value_name = "TEXT")]
        credit: Option<String>,
        /// The image adds nothing a reader must know (no alt text needed).
        #[arg(long)]
        decorative: bool,
        /// Make it the logo of this tool (its slug) as well.
        #[arg(long, value_name = "TOOL")]
        logo_of: Option<String>,
    },
    /// List the desk's images.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Set an image's alt text.
    Alt {
        /// The image's hash (or its first 8 or more digits).
        hash: String,
        text: String,
    },
    /// Remove an image; refused while a page or tool uses it.
    Rm { hash: String },
}

/// The acting editor: --as, or the desk's only editor.
fn editor(desk: &Desk, acting: Option<&str>) -> Result<String, Failure> {
    if let Some(slug) = acting {
        return Ok(slug.to_string());
    }
    let editors: Vec<String> = desk
        .profiles()?
        .into_iter()
        .filter(|p| p.has(Role::Editor))
        .map(|p| p.slug)
        .collect();
    match editors.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Failure(
            "no profile on this desk may edit; give one the editor role first".into(),
        )),
        many => Err(Failure(format!(
            "several profiles may edit ({}); say which with --as PROFILE",
            many.join(", ")
        ))),
    }
}

pub fn run(desk: &Desk, acting: Option<&str>, command: MediaCommand) -> Result<(), Failure> {
    match command {
        MediaCommand::Add {
            file,
            alt,
            credit,
            decorative,
            logo_of,
        } => {
            let who = editor(desk, acting)?;
            let text = MediaText {
                alt,
                credit,
                decorative: Some(decorative),
            };
            // An unknown tool is refused before the image is taken in: nothing changes.
            if let Some(tool) = &logo_of {
                desk.tool(tool)?;
            }
            let added = desk.add_media_file(&who, &file, &text)?;
            let item = &added.item;
            if added.already_there {
                println!("already on the desk: {}", item.hash);
            } else {
                println!("added {}", item.hash);
            }
            println!(
                "  {} {}×{} {} ({} variants)",
                item.original_name,
                item.width,
                item.height,
                item.mime,
                item.variants.len()
            );
            for note in &added.notes {
                println!("  note: {note}");
            }
            println!(
                "  use it in Markdown as ![{}](media:{})",
                item.alt, item.hash
            );
            if let Some(tool) = logo_of {
                let tool = desk.set_tool_logo(&who, &tool, &item.hash)?;
                println!("  now the logo of {} ({})", tool.name, tool.slug);
            }
        }
        MediaCommand::List { json } => {
            let items = desk.media_list()?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&items).expect("media items serialise")
                );
            } else {
                print_list(&items);
            }
        }
        MediaCommand::Alt { hash, text } => {
            let who = editor(desk, acting)?;
            let change = MediaText {
                alt: Some(text),
                ..MediaText::default()
            };
            let item = desk.set_media_text(&who, &hash, &change)?;
            println!("alt text of {} set: {}", item.hash, item.alt);
        }
        MediaCommand::Rm { hash } => {
            let who = editor(desk, acting)?;
            let item = desk.remove_media(&who, &hash)?;
            println!("removed {} ({})", item.hash, item.original_name);
        }
    }
    Ok(())
}

fn print_list(items: &[MediaItem]) {
    println!("Images ({})", items.len());
    for i in items {
        let alt = if i.decorative {
            "(decorative)".to_string()
        } else if i.alt.is_empty() {
            "(no alt text)".to_string()
        } else {
            i.alt.clone()
        };
        println!(
            "  {}  {:>5}×{:<5} {:>8} KB  {}  {}",
            &i.hash[..12],
            i.width,
            i.height,
            i.bytes.div_ceil(1000),
            i.original_name,
            alt
        );
    }
}

/// `verdict generate --logos N`: the first `n` tools (by slug) each get a generated logo, added
/// by the one editor (or `--as`). Returns how many tools got one.
pub fn give_logos(desk: &Desk, acting: Option<&str>, n: usize) -> Result<usize, Failure> {
    let who = editor(desk, acting)?;
    Ok(verdict_fixtures::give_logos(desk, &who, n)?)
}
