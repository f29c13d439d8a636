//! Inline SVG charts for the HTML report: lines over months and 100% stacked bars.
//! Hand-written so that the report needs no script and no network.

use std::fmt::Write;

use super::escape;

/// Colours of the series, in order (distinguishable in print and for common colour blindness).
pub const PALETTE: [&str; 8] = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f",
];

const WIDTH: f64 = 760.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 170.0;
const TOP: f64 = 16.0;

/// One series of a line chart: a name and a value per month (`None` where it cannot be told).
#[derive(Debug, Clone)]
pub struct Series {
    /// The legend.
    pub name: String,
    /// One value per x label.
    pub values: Vec<Option<f64>>,
}

/// A line chart of `series` over `x` labels; `y_max` tops the axis; `percent` formats ticks.
pub fn lines(title: &str, x: &[String], series: &[Series], y_max: f64, percent: bool) -> String {
    let height = 260.0;
    let plot_h = height - TOP - 40.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let y_max = if y_max > 0.0 { y_max } else { 1.0 };
    let px = |i: usize| {
        LEFT + if x.len() > 1 {
            plot_w * i as f64 / (x.len() - 1) as f64
        } else {
            plot_w / 2.0
        }
    };
    let py = |v: f64| TOP + plot_h * (1.0 - (v / y_max).clamp(0.0, 1.0));
    let mut svg = open(title, height);
    for tick in 0..=4 {
        let v = y_max * f64::from(tick) / 4.0;
        let y = py(v);
        let label = if percent {
            format!("{:.0}%", v * 100.0)
        } else {
            format!("{v:.2}")
        };
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11">{label}</text>"##,
            LEFT + plot_w,
            LEFT - 6.0,
            y + 4.0
        );
    }
    let every = x.len().div_ceil(12).max(1);
    for (i, label) in x.iter().enumerate() {
        if i % every == 0 || i + 1 == x.len() {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="11">{}</text>"#,
                px(i),
                TOP + plot_h + 18.0,
                escape(label)
            );
        }
    }
    for (n, s) in series.iter().enumerate() {
        let colour = PALETTE[n % PALETTE.len()];
        // A gap where a month has no value, rather than a line drawn through it.
        let mut path = String::new();
        let mut pen_down = false;
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let _ = write!(
                        path,
                        "{}{:.1},{:.1} ",
                        if pen_down { "L" } else { "M" },
                        px(i),
                        py(*v)
                    );
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        let _ = write!(
            svg,
            r#"<path class="series" d="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
            path.trim_end()
        );
        for (i, v) in s.values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    svg,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{colour}"/>"#,
                    px(i),
                    py(*v)
                );
            }
        }
        legend(&mut svg, n, colour, &s.name);
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal 100% stacked bars: one bar per label, each split into its parts' shares.
pub fn stacked(title: &str, bars: &[(String, Vec<(String, u64)>)]) -> String {
    let bar_h = 22.0;
    let gap = 10.0;
    let names: Vec<&String> = {
        let mut names: Vec<&String> = Vec::new();
        for (_, parts) in bars {
            for (name, _) in parts {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    };
    let height = TOP
        + bars.len() as f64 * (bar_h + gap)
        + 10.0
        + (names.len() as f64 * 18.0 - bars.len() as f64 * (bar_h + gap)).max(0.0);
    let plot_w = WIDTH - LEFT - 40.0 - RIGHT;
    let left = LEFT + 40.0;
    let mut svg = open(title, height);
    for (row, (label, parts)) in bars.iter().enumerate() {
        let y = TOP + row as f64 * (bar_h + gap);
        let total: u64 = parts.iter().map(|(_, n)| n).sum();
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11">{}</text>"#,
            left - 6.0,
            y + bar_h * 0.7,
            escape(label)
        );
        let mut x = left;
        for (name, count) in parts {
            if total == 0 || *count == 0 {
                continue;
            }
            let share = *count as f64 / total as f64;
            let w = plot_w * share;
            let n = names.iter().position(|m| *m == name).unwrap_or(0);
            let colour = PALETTE[n % PALETTE.len()];
            let _ = write!(
                svg,
                r#"<rect class="part" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{bar_h}" fill="{colour}"><title>{}：{count}（{:.1}%）</title></rect>"#,
                escape(name),
                share * 100.0
            );
            if w > 34.0 {
                let _ = write!(
                    svg,
                    r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="10" fill="#fff">{:.0}%</text>"##,
                    x + w / 2.0,
                    y + bar_h * 0.68,
                    share * 100.0
                );
            }
            x += w;
        }
    }
    for (n, name) in names.iter().enumerate() {
        legend(&mut svg, n, PALETTE[n % PALETTE.len()], name);
    }
    svg.push_str("</svg>");
    svg
}

fn open(title: &str, height: f64) -> String {
    format!(
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" width="{WIDTH}" height="{height:.0}" role="img" aria-label="{0}"><title>{0}</title>"#,
        escape(title)
    )
}

fn legend(svg: &mut String, n: usize, colour: &str, name: &str) {
    let x = WIDTH - RIGHT + 14.0;
    let y = TOP + 4.0 + n as f64 * 18.0;
    let _ = write!(
        svg,
        r#"<rect x="{x:.1}" y="{y:.1}" width="12" height="12" fill="{colour}"/><text x="{:.1}" y="{:.1}" font-size="12">{}</text>"#,
        x + 18.0,
        y + 10.0,
        escape(name)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_chart_draws_each_series_with_gaps_for_unknown_months() {
        let x: Vec<String> = ["2024-01", "2024-02", "2024-03"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let svg = lines(
            "走势",
            &x,
            &[Series {
                name: "不捕率".into(),
                values: vec![Some(0.1), None, Some(0.3)],
            }],
            1.0,
            true,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("class=\"series\"").count(), 1);
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(
            svg.matches(" M").count() + svg.matches("\"M").count(),
            2,
            "{svg}"
        );
        assert!(svg.contains("不捕率"));
    }

    #[test]
    fn stacked_bars_split_by_share_and_escape_names() {
        let svg = stacked(
            "结构",
            &[(
                "全部".into(),
                vec![("刑事".into(), 3), ("<民事>".into(), 1)],
            )],
        );
        assert_eq!(svg.matches("class=\"part\"").count(), 2);
        assert!(svg.contains("75%") && svg.contains("&lt;民事&gt;"));
    }
}
