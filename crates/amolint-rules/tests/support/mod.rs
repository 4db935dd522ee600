pub mod rawzip;
