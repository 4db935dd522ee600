//! The widget generator: owns writing N deterministic, realistic widgets as folders and as zips
//! (and the JSON schema and configuration the runner needs next to them). It must not measure
//! anything; the same seed and count always give the same bytes.
//!
//! The random numbers come from a hand-written SplitMix64 rather than the `rand` crate: the data
//! set must stay byte-identical across machines and dependency updates, and `rand` does not
//! promise stable streams between versions.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// SplitMix64: tiny, fast and with a fixed, documented output sequence.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }
}

/// The logos and tour images every widget has, with their pixel sizes.
const IMAGES: [(&str, u32, u32); 7] = [
    ("logo.png", 130, 100),
    ("logo_main.png", 400, 272),
    ("logo_medium.png", 240, 84),
    ("logo_min.png", 84, 84),
    ("logo_small.png", 108, 108),
    ("tour_1_en.png", 800, 500),
    ("tour_1_es.png", 800, 500),
];

/// Distinct variants generated per image slot: deflating 800×500 pixels thousands of times
/// would make generation slower than the benchmark; what a checker reads (the header, the size
/// of the file) still varies between widgets.
const IMAGE_VARIANTS: usize = 24;

/// The kinds of defect planted in every fourth widget, in turn.
pub const DEFECTS: [&str; 5] = [
    "script.js syntax error",
    "manifest without widget.version",
    "locale missing a setting name",
    "logo_min.png of the wrong size",
    "script loads code over plain http",
];

pub struct Generated {
    pub folders: PathBuf,
    pub zips: PathBuf,
    pub count: usize,
}

/// Writes `count` widgets under `out/folders/wNNNNN/` and `out/zips/wNNNNN/widget.zip`, plus
/// `out/manifest-schema.json` and `out/manifest-only.toml`. Skips the work when `out` already
/// holds the same count and seed.
pub fn generate(out: &Path, count: usize, seed: u64) -> io::Result<Generated> {
    let folders = out.join("folders");
    let zips = out.join("zips");
    let stamp_path = out.join("generated.txt");
    let stamp = format!("count={count} seed={seed} version=2\n");
    if fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
        return Ok(Generated {
            folders,
            zips,
            count,
        });
    }
    if out.exists() {
        for sub in [&folders, &zips] {
            if sub.exists() {
                fs::remove_dir_all(sub)?;
            }
        }
        let _ = fs::remove_file(&stamp_path);
    }
    fs::create_dir_all(&folders)?;
    fs::create_dir_all(&zips)?;
    fs::write(out.join("manifest-schema.json"), MANIFEST_SCHEMA)?;
    fs::write(out.join("manifest-only.toml"), MANIFEST_ONLY_CONFIG)?;

    let mut rng = Rng::new(seed);
    let variants = IMAGE_VARIANTS.min(count.max(1));
    let pool: Vec<Vec<Vec<u8>>> = IMAGES
        .iter()
        .map(|&(_, w, h)| {
            (0..variants)
                .map(|_| {
                    let budget = (w as usize * h as usize * 3 * 9 / 10).min(60_000);
                    let target = rng.range(5_000.min(budget), budget);
                    png(w, h, target, &mut rng)
                })
                .collect()
        })
        .collect();
    for index in 0..count {
        let files = widget_files(index, &mut rng, &pool);
        let name = format!("w{index:05}");
        let dir = folders.join(&name);
        for (path, bytes) in &files {
            let full = dir.join(path);
            if let Some(parent) = full.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(full, bytes)?;
        }
        // Named as amoCRM's upload page asks (ARC009), one per folder like a release artefact.
        let zip_dir = zips.join(&name);
        fs::create_dir_all(&zip_dir)?;
        write_zip(&zip_dir.join("widget.zip"), &files)?;
    }
    fs::write(&stamp_path, stamp)?;
    Ok(Generated {
        folders,
        zips,
        count,
    })
}

fn write_zip(path: &Path, files: &[(String, Vec<u8>)]) -> io::Result<()> {
    let file = io::BufWriter::new(fs::File::create(path)?);
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        // A fixed timestamp keeps the archives byte-identical between generations.
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)
            .map_err(io::Error::other)?;
        zip.write_all(bytes)?;
    }
    zip.finish().map_err(io::Error::other)?.flush()
}

/// The files of widget `index`, paths relative to the widget root.
fn widget_files(index: usize, rng: &mut Rng, pool: &[Vec<Vec<u8>>]) -> Vec<(String, Vec<u8>)> {
    let defect = (index % 4 == 3).then(|| (index / 4) % DEFECTS.len());
    let vendor = format!("{}{}", rng.pick(&VENDORS), rng.range(1, 999));
    let settings: Vec<(String, &str)> = {
        let n = rng.range(2, 14);
        let mut names: Vec<String> = Vec::new();
        while names.len() < n {
            let name = format!("{}_{}", rng.pick(&SETTING_WORDS), rng.pick(&SETTING_WORDS));
            if !names.contains(&name) {
                names.push(name);
            }
        }
        // At most one `custom` field: a widget has a single custom settings page.
        let mut custom = false;
        names
            .into_iter()
            .map(|n| {
                let mut kind = *rng.pick(&["text", "pass", "text", "users", "custom"]);
                if kind == "custom" {
                    kind = if custom { "text" } else { "custom" };
                    custom = true;
                }
                (n, kind)
            })
            .collect()
    };
    let locales: &[&str] = if rng.range(0, 1) == 0 {
        &["en", "es"]
    } else {
        &["en", "es", "pt"]
    };
    let mut files = Vec::new();
    files.push((
        "manifest.json".to_string(),
        manifest(&vendor, &settings, locales, defect == Some(1), rng).into_bytes(),
    ));
    for (i, locale) in locales.iter().enumerate() {
        let drop_setting = defect == Some(2) && i == 0;
        files.push((
            format!("i18n/{locale}.json"),
            locale_file(&vendor, locale, &settings, drop_setting).into_bytes(),
        ));
    }
    for (slot, &(name, w, h)) in IMAGES.iter().enumerate() {
        let bytes = if defect == Some(3) && name == "logo_min.png" {
            png(w - 4, h - 4, 6_000, rng)
        } else {
            pool[slot][rng.range(0, pool[slot].len() - 1)].clone()
        };
        files.push((format!("images/{name}"), bytes));
    }
    files.push((
        "script.js".to_string(),
        script(&vendor, rng, defect == Some(0), defect == Some(4)).into_bytes(),
    ));
    files.push((
        "templates/settings.twig".to_string(),
        TWIG_SETTINGS.replace("@V@", &vendor).into_bytes(),
    ));
    files.push((
        "templates/card.twig".to_string(),
        TWIG_CARD.replace("@V@", &vendor).into_bytes(),
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

const VENDORS: [&str; 12] = [
    "ordersync",
    "callhub",
    "leadflow",
    "shopbridge",
    "smsgate",
    "docsign",
    "taskbot",
    "mailtrack",
    "paylink",
    "crmplus",
    "voipline",
    "formkit",
];

const SETTING_WORDS: [&str; 16] = [
    "api", "key", "login", "token", "account", "domain", "pipeline", "status", "user", "webhook",
    "secret", "phone", "sender", "template", "region", "mode",
];

fn manifest(
    vendor: &str,
    settings: &[(String, &str)],
    locales: &[&str],
    drop_version: bool,
    rng: &mut Rng,
) -> String {
    let mut s = String::with_capacity(2048);
    let version = format!(
        "{}.{}.{}",
        rng.range(1, 4),
        rng.range(0, 20),
        rng.range(0, 40)
    );
    let locale_list = locales
        .iter()
        .map(|l| format!("\"{l}\""))
        .collect::<Vec<_>>()
        .join(", ");
    s.push_str("{\n  \"widget\": {\n");
    s.push_str("    \"name\": \"widget.name\",\n");
    s.push_str("    \"description\": \"widget.description\",\n");
    s.push_str("    \"short_description\": \"widget.short_description\",\n");
    if !drop_version {
        let _ = writeln!(s, "    \"version\": \"{version}\",");
    }
    s.push_str("    \"interface_version\": 2,\n");
    s.push_str("    \"init_once\": false,\n");
    let _ = writeln!(s, "    \"locale\": [{locale_list}],");
    s.push_str("    \"installation\": true,\n");
    let _ = writeln!(
        s,
        "    \"support\": {{\n      \"link\": \"https://{vendor}.example.com/support\",\n      \"email\": \"support@{vendor}.example.com\"\n    }}\n  }},"
    );
    s.push_str("  \"locations\": [\"lcard-1\", \"ccard-1\", \"comcard-1\", \"llist-1\", \"clist-1\", \"settings\"],\n");
    s.push_str("  \"tour\": {\n    \"is_tour\": true,\n    \"tour_images\": {\n");
    let tours: Vec<String> = locales
        .iter()
        .map(|l| {
            let image = if *l == "es" { "es" } else { "en" };
            format!("      \"{l}\": [\"/images/tour_1_{image}.png\"]")
        })
        .collect();
    s.push_str(&tours.join(",\n"));
    s.push_str("\n    },\n    \"tour_description\": \"widget.tour_description\"\n  },\n");
    s.push_str("  \"settings\": {\n");
    let entries: Vec<String> = settings
        .iter()
        .map(|(name, kind)| {
            let required = if *kind == "pass" || name.starts_with("api") {
                "true"
            } else {
                "false"
            };
            format!(
                "    \"{name}\": {{\n      \"name\": \"settings.{name}\",\n      \"type\": \"{kind}\",\n      \"required\": {required}\n    }}"
            )
        })
        .collect();
    s.push_str(&entries.join(",\n"));
    s.push_str("\n  }\n}\n");
    s
}

fn locale_file(vendor: &str, locale: &str, settings: &[(String, &str)], drop: bool) -> String {
    let (title, describe) = match locale {
        "es" => (
            "Sincronización",
            "Mantiene los pedidos de su tienda al día con los tratos",
        ),
        "pt" => (
            "Sincronização",
            "Mantém os pedidos da sua loja em dia com os negócios",
        ),
        _ => (
            "Sync",
            "Keeps the orders of your shop in step with your deals",
        ),
    };
    let mut s = String::new();
    let _ = write!(
        s,
        "{{\n  \"widget\": {{\n    \"name\": \"{vendor} {title}\",\n    \"description\": \"{describe}. #SUBDOMAIN#\",\n    \"short_description\": \"{describe}\",\n    \"tour_description\": \"{describe}: {vendor}\"\n  }},\n  \"settings\": {{\n"
    );
    let entries: Vec<String> = settings
        .iter()
        .enumerate()
        .filter(|(i, _)| !(drop && *i == 0))
        .map(|(_, (name, _))| format!("    \"{name}\": \"{title}: {}\"", name.replace('_', " ")))
        .collect();
    s.push_str(&entries.join(",\n"));
    s.push_str("\n  },\n  \"messages\": {\n");
    let _ = write!(
        s,
        "    \"saved\": \"{title}: OK\",\n    \"failed\": \"{title}: error\",\n    \"connecting\": \"{vendor}…\"\n  }}\n}}\n"
    );
    s
}

const TWIG_SETTINGS: &str = r#"<div class="@V@-settings">
  {% for field in fields %}
    <label class="@V@-settings__label" for="{{ field.id }}">{{ field.title }}</label>
    <input class="@V@-settings__input" id="{{ field.id }}" name="{{ field.name }}" value="{{ field.value|e }}">
  {% endfor %}
  <button type="button" class="button-input js-@V@-save">{{ lang.save }}</button>
</div>
"#;

const TWIG_CARD: &str = r#"<div class="@V@-card">
  {% if items is empty %}
    <p class="@V@-card__empty">{{ lang.empty }}</p>
  {% else %}
    <ul class="@V@-card__list">
    {% for item in items %}
      <li data-id="{{ item.id }}">{{ item.name }} — {{ item.price|number_format(2) }}</li>
    {% endfor %}
    </ul>
  {% endif %}
</div>
"#;

/// Bodies of helper functions, filled in with per-widget names: a real widget's script is a
/// single AMD module of many such small functions.
const SCRIPT_PIECES: [&str; 8] = [
    r#"
    /**
     * Loads @N@ for the current card and renders them into the widget column.
     */
    this.@F@ = function (entityId, page) {
      var params = { entity_id: entityId, page: page || 1, limit: @K@ };
      return $.ajax({
        url: self.apiBase + '/@N@',
        type: 'GET',
        dataType: 'json',
        data: params,
        headers: { 'X-Account': AMOCRM.constant('account').id }
      }).then(function (response) {
        var rows = [];
        for (var i = 0; i < response.items.length; i++) {
          var item = response.items[i];
          if (!item || item.deleted) { continue; }
          rows.push({ id: item.id, name: item.name || '#' + item.id, price: Number(item.price) || 0 });
        }
        self.cache['@N@:' + entityId] = rows;
        return rows;
      }, function (xhr) {
        self.notify('error', self.i18n('messages').failed + ' (' + xhr.status + ')');
        return [];
      });
    };
"#,
    r#"
    // Debounced so that typing in the search field does not flood the API.
    this.@F@ = _.debounce(function (query) {
      var term = $.trim(query || '').toLowerCase();
      if (term.length < @K@) {
        self.$root.find('.@V@-results').empty();
        return;
      }
      var matches = _.filter(self.cache.@N@ || [], function (row) {
        return row.name.toLowerCase().indexOf(term) !== -1;
      });
      var html = matches.slice(0, 20).map(function (row) {
        return '<li data-id="' + row.id + '">' + _.escape(row.name) + '</li>';
      }).join('');
      self.$root.find('.@V@-results').html(html || '<li class="empty">—</li>');
    }, 250);
"#,
    r#"
    this.@F@ = function (lead) {
      var total = 0, discount = 0, lines = lead.lines || [];
      lines.forEach(function (line, index) {
        var qty = parseInt(line.qty, 10) || 0;
        var price = parseFloat(line.price) || 0;
        total += qty * price;
        if (line.discount && line.discount > 0 && line.discount < 100) {
          discount += (qty * price * line.discount) / 100;
        }
        lines[index].sum = Math.round((qty * price) * 100) / 100;
      });
      var tax = (total - discount) * @K@ / 100;
      return {
        total: Math.round(total * 100) / 100,
        discount: Math.round(discount * 100) / 100,
        tax: Math.round(tax * 100) / 100,
        grand: Math.round((total - discount + tax) * 100) / 100,
        currency: lead.currency || 'USD'
      };
    };
"#,
    r#"
    this.@F@ = function (settings) {
      var errors = {};
      var required = ['@N@_key', '@N@_login'];
      required.forEach(function (field) {
        if (!settings[field] || String(settings[field]).length < @K@) {
          errors[field] = self.i18n('settings')[field] || field;
        }
      });
      if (settings.webhook && !/^https:\/\/[\w.-]+\/[\w\/.-]*$/.test(settings.webhook)) {
        errors.webhook = 'https only';
      }
      var ok = Object.keys(errors).length === 0;
      self.$root.find('.@V@-settings__error').toggle(!ok).text(_.values(errors).join(', '));
      return ok;
    };
"#,
    r#"
    this.@F@ = function (template, data) {
      return new Promise(function (resolve, reject) {
        self.render({
          href: '/templates/' + template + '.twig',
          base_path: self.params.path,
          v: self.get_version(),
          load: function (tpl) {
            try {
              resolve(tpl.render(_.extend({ lang: self.i18n('messages'), key: '@N@' }, data)));
            } catch (e) {
              reject(e);
            }
          }
        });
      });
    };
"#,
    r#"
    this.@F@ = function (events) {
      var grouped = {};
      for (var i = 0; i < events.length; i += 1) {
        var ev = events[i];
        var day = new Date(ev.created_at * 1000).toISOString().slice(0, 10);
        (grouped[day] = grouped[day] || []).push(ev);
      }
      return Object.keys(grouped).sort().reverse().slice(0, @K@).map(function (day) {
        return { day: day, count: grouped[day].length, last: grouped[day][grouped[day].length - 1] };
      });
    };
"#,
    r#"
    this.@F@ = function (phone) {
      var digits = String(phone || '').replace(/[^\d+]/g, '');
      if (digits.charAt(0) === '8' && digits.length === 11) {
        digits = '+7' + digits.slice(1);
      } else if (digits.charAt(0) !== '+') {
        digits = '+' + digits;
      }
      switch (digits.length) {
        case 12: return digits.replace(/(\+\d)(\d{3})(\d{3})(\d{2})(\d{2})/, '$1 $2 $3-$4-$5');
        case 13: return digits.replace(/(\+\d{2})(\d{3})(\d{3})(\d{2})(\d{2})/, '$1 $2 $3-$4-$5');
        default: return digits.length > @K@ ? digits : '';
      }
    };
"#,
    r#"
    this.@F@ = function (payload) {
      var body = JSON.stringify({
        account: AMOCRM.constant('account').subdomain,
        user: AMOCRM.constant('user').id,
        widget: '@V@',
        items: payload
      });
      return fetch(self.apiBase + '/@N@/batch?chunk=@K@', {
        method: 'POST',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json' },
        body: body
      }).then(function (res) {
        if (!res.ok) { throw new Error('HTTP ' + res.status); }
        return res.json();
      })['catch'](function (err) {
        console.warn('[@V@] @F@ failed', err);
        return null;
      });
    };
"#,
];

const NOUNS: [&str; 12] = [
    "orders",
    "products",
    "invoices",
    "calls",
    "messages",
    "tasks",
    "contacts",
    "payments",
    "shipments",
    "documents",
    "tickets",
    "events",
];

const VERBS: [&str; 10] = [
    "load", "render", "sync", "refresh", "build", "check", "format", "send", "collect", "apply",
];

/// An AMD widget module of about 40 KB.
fn script(vendor: &str, rng: &mut Rng, syntax_error: bool, plain_http: bool) -> String {
    let target = rng.range(36_000, 44_000);
    let mut body = String::with_capacity(target + 4096);
    let mut functions = Vec::new();
    let mut n = 0;
    while body.len() < target {
        let noun = *rng.pick(&NOUNS);
        let verb = *rng.pick(&VERBS);
        let name = format!("{verb}{}{n}", capitalise(noun));
        let piece = rng
            .pick(&SCRIPT_PIECES)
            .replace("@F@", &name)
            .replace("@N@", noun)
            .replace("@V@", vendor)
            .replace("@K@", &rng.range(2, 90).to_string());
        body.push_str(&piece);
        functions.push(name);
        n += 1;
    }
    let base = format!("https://api.{vendor}.example.com/v2");
    let loader = if plain_http {
        format!("\n        $.getScript('http://cdn.{vendor}.example.com/widget-lib.js');")
    } else {
        String::new()
    };
    let mut s = String::with_capacity(body.len() + 4096);
    let _ = write!(
        s,
        r#"/* {vendor} widget for amoCRM / Kommo. */
define(['jquery', 'underscore', 'lib/components/base/modal'], function ($, _, Modal) {{
  'use strict';

  var CustomWidget = function () {{
    var self = this;
    this.apiBase = '{base}';
    this.cache = {{}};
    this.$root = $();

    this.notify = function (type, text) {{
      AMOCRM.notifications.show_message({{ header: '{vendor}', text: text, type: type }});
    }};
{body}
    this.callbacks = {{
      render: function () {{
        self.$root = $('.card-widgets__widget-' + self.get_settings().widget_code);
        self.{first}(AMOCRM.data.current_card ? AMOCRM.data.current_card.id : 0);
        return true;
      }},
      init: function () {{
        self.cache = {{}};{loader}
        return true;
      }},
      bind_actions: function () {{
        $(document).on('input.{vendor}', '.{vendor}-search', function () {{
          self.{second}($(this).val());
        }});
        return true;
      }},
      settings: function ($modal) {{
        $modal.find('.{vendor}-settings').addClass('is-ready');
        return true;
      }},
      onSave: function (data) {{
        return self.{third}(data.fields || {{}});
      }},
      destroy: function () {{
        $(document).off('.{vendor}');
      }},
      leads: {{
        selected: function () {{
          var ids = _.pluck(self.list_selected().selected, 'id');
          return self.{fourth}(ids);
        }}
      }},
      contacts: {{
        selected: function () {{
          return self.{fourth}(_.pluck(self.list_selected().selected, 'id'));
        }}
      }}
    }};
    return this;
  }};

  return CustomWidget;
}});
"#,
        first = functions[0],
        second = functions[1 % functions.len()],
        third = functions[2 % functions.len()],
        fourth = functions[3 % functions.len()],
    );
    if syntax_error {
        // A closing brace lost in the middle: the kind of slip a syntax check exists for.
        let middle = s.len() / 2;
        if let Some(at) = s[middle..].find("};") {
            s.replace_range(middle + at..middle + at + 2, ";");
        }
    }
    s
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An RGB PNG of `width`×`height` whose file is about `target` bytes: the first pixels are
/// noise (incompressible), the rest a flat colour, like a logo on a plain background.
pub fn png(width: u32, height: u32, target: usize, rng: &mut Rng) -> Vec<u8> {
    let row = width as usize * 3 + 1;
    let mut raw = vec![0u8; row * height as usize];
    let colour = [
        rng.range(0, 255) as u8,
        rng.range(0, 255) as u8,
        rng.range(0, 255) as u8,
    ];
    let mut noise = target;
    for (i, byte) in raw.iter_mut().enumerate() {
        let column = i % row;
        if column == 0 {
            continue; // filter type: none
        }
        if noise > 0 {
            *byte = (rng.next_u64() >> 56) as u8;
            noise -= 1;
        } else {
            *byte = colour[(column - 1) % 3];
        }
    }
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(target + 1024),
        flate2::Compression::fast(),
    );
    let _ = encoder.write_all(&raw);
    let idat = encoder.finish().unwrap_or_default();
    let mut out = Vec::with_capacity(idat.len() + 64);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// The JSON schema of the manifest's required fields, for ajv-cli.
const MANIFEST_SCHEMA: &str = r#"{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": ["widget", "locations"],
  "properties": {
    "widget": {
      "type": "object",
      "required": ["name", "description", "short_description", "version", "interface_version", "locale", "installation"],
      "properties": {
        "name": { "type": "string" },
        "description": { "type": "string" },
        "short_description": { "type": "string" },
        "version": { "type": "string", "pattern": "^[0-9]+\\.[0-9]+\\.[0-9]+$" },
        "interface_version": { "type": "integer" },
        "init_once": { "type": "boolean" },
        "locale": { "type": "array", "items": { "type": "string" }, "minItems": 1 },
        "installation": { "type": "boolean" },
        "support": { "type": "object" }
      }
    },
    "locations": { "type": "array", "items": { "type": "string" } },
    "settings": {
      "type": "object",
      "additionalProperties": {
        "type": "object",
        "required": ["name", "type"],
        "properties": {
          "name": { "type": "string" },
          "type": { "type": "string" },
          "required": { "type": "boolean" }
        }
      }
    }
  }
}
"#;

/// Only the manifest pack on: the same work as the schema validator.
const MANIFEST_ONLY_CONFIG: &str = r#"# amolint with only the manifest pack: the benchmark against a JSON-schema validator.
[packs]
files = false
manifest = true
locales = false
images = false
tour = false
integrations = false
script = false
security = false
"#;
