//! Finding a policy's `# METADATA` comment block. Kept free of crate imports: the build
//! script compiles this file too, to convert the built-in blocks at build time.

/// The METADATA block's text (comment markers removed) and the line it starts on.
pub fn extract(source: &str) -> Option<(String, u32)> {
    let lines: Vec<&str> = source.lines().collect();
    let start = lines.iter().position(|l| l.trim() == "# METADATA")?;
    let mut text = String::new();
    for line in &lines[start + 1..] {
        let Some(body) = line.trim_start().strip_prefix('#') else { break };
        text.push_str(body.strip_prefix(' ').unwrap_or(body));
        text.push('\n');
    }
    Some((text, start as u32 + 1))
}
