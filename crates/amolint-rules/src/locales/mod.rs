//! Pack `locales`: the i18n files and the keys the manifest references in them.

mod i18n001_missing_locale_file;
mod i18n002_unlisted_locale_file;
mod i18n003_unsupported_locale;
mod i18n004_missing_translation;
mod i18n005_locale_structure_mismatch;
mod i18n006_empty_translation;
mod i18n007_not_an_i18n_key;
mod i18n008_unknown_placeholder;
mod i18n009_untranslated_locale;
mod i18n010_locale_not_object;
pub(crate) mod support;

use amolint_core::rule::Pack;

pub fn pack() -> Pack {
    Pack {
        name: "locales",
        rules: vec![
            Box::new(i18n001_missing_locale_file::MissingLocaleFile),
            Box::new(i18n002_unlisted_locale_file::UnlistedLocaleFile),
            Box::new(i18n003_unsupported_locale::UnsupportedLocale),
            Box::new(i18n004_missing_translation::MissingTranslation),
            Box::new(i18n005_locale_structure_mismatch::LocaleStructureMismatch),
            Box::new(i18n006_empty_translation::EmptyTranslation),
            Box::new(i18n007_not_an_i18n_key::NotAnI18nKey),
            Box::new(i18n008_unknown_placeholder::UnknownPlaceholder),
            Box::new(i18n009_untranslated_locale::UntranslatedLocale),
            Box::new(i18n010_locale_not_object::LocaleNotObject),
        ],
    }
}
