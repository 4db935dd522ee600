//! Pack `tour`: the onboarding tour block of the manifest and its images.

mod tour001_missing_tour;
mod tour002_tour_disabled;
mod tour003_tour_locale_mismatch;
mod tour004_tour_image_missing;
mod tour005_incomplete_tour;

use amolint_core::json::Node;
use amolint_core::manifest::Manifest;
use amolint_core::rule::Pack;
use amolint_core::text::Span;

pub fn pack() -> Pack {
    Pack {
        name: "tour",
        rules: vec![
            Box::new(tour001_missing_tour::MissingTour),
            Box::new(tour002_tour_disabled::TourDisabled),
            Box::new(tour003_tour_locale_mismatch::TourLocaleMismatch),
            Box::new(tour004_tour_image_missing::TourImageMissing),
            Box::new(tour005_incomplete_tour::IncompleteTour),
        ],
    }
}

/// The `tour` block when it is an object. Absent is TOUR001's, any other type MAN003's: the
/// other tour rules then have nothing to judge.
fn tour_block(manifest: &Manifest) -> Option<&Node> {
    manifest.get("tour").filter(|t| t.as_object().is_some())
}

/// The key span of member `key` of `parent` (`"tour"`), where findings about the whole block
/// point: the block's own span would quote all of it.
fn key_span(parent: &Node, key: &str) -> Span {
    parent
        .member(key)
        .map_or(Span::new(parent.span.start, parent.span.start + 1), |m| {
            m.key_span
        })
}

/// `tour.tour_images` when it is an object (another type is MAN003's).
fn tour_images(manifest: &Manifest) -> Option<&Node> {
    tour_block(manifest)?
        .get("tour_images")
        .filter(|t| t.as_object().is_some())
}
