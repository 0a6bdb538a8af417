//! Incoming mail on real encrypted files: files recognised by what they
//! are (a PDF and its text, images, an e-mail with its attachment), refused
//! in French when they lie or are broken, registered whole or not at all,
//! the doctor's inbox urgent first, « à classer » until a patient is
//! chosen, decisions, the search, and the bytes never in plaintext on disk.

use std::path::Path;

use carnet_core::documents::incoming::{
    self, FileFormat, IncomingDetails, IncomingKind, IncomingQuery, IncomingState, Urgency,
};

use crate::documents::desk;
use crate::util::Workspace;

fn fixture_pdf() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents/echographie.pdf"),
    )
    .unwrap()
}

/// A PNG of one pixel.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\x00\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

fn email_with_pdf(pdf: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(pdf);
    let wrapped: Vec<String> = encoded
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    format!(
        "From: Laboratoire Bio-Ouest <resultats@bio-ouest.example>\r\n\
         To: secretariat@cabinet.example\r\n\
         Subject: =?UTF-8?Q?R=C3=A9sultats_de_Mme_B=C3=A9r=C3=A9nice?=\r\n\
         Date: Mon, 7 Dec 2026 08:12:00 +0100\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n\
         --XYZ\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n\
         Bonjour, ci-joint le bilan hépatique : transaminases élevées.\r\n\
         --XYZ\r\n\
         Content-Type: application/pdf; name=\"bilan.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"bilan.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n\
         {}\r\n\
         --XYZ\r\n\
         Content-Type: application/vnd.ms-excel; name=\"tableau.xls\"\r\n\
         Content-Disposition: attachment; filename=\"tableau.xls\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n\
         AAECAwQ=\r\n\
         --XYZ--\r\n",
        wrapped.join("\r\n")
    )
    .into_bytes()
}

fn details(patient_id: &str, urgency: Urgency, patient: bool) -> IncomingDetails {
    IncomingDetails {
        received_on: None,
        correspondant_id: None,
        sender: "CHU de Rennes".into(),
        kind: IncomingKind::CrHospitalisation,
        urgency,
        patient_id: patient.then(|| patient_id.to_string()),
        practitioner_id: None,
        note: String::new(),
    }
}

#[test]
fn files_are_recognised_by_their_bytes_and_refused_in_french_when_they_lie() {
    let pdf = incoming::check_file(fixture_pdf(), "scan.pdf").unwrap();
    assert_eq!(pdf.len(), 1);
    assert_eq!(pdf[0].format, FileFormat::Pdf);
    assert!(pdf[0].pages >= 1);
    assert!(pdf[0].text.contains("stéatosique"), "{}", pdf[0].text);
    // An image named .pdf is an image; a PDF named .jpg a PDF.
    assert_eq!(
        incoming::check_file(PNG.to_vec(), "scan.pdf").unwrap()[0].format,
        FileFormat::Png
    );
    assert_eq!(
        incoming::check_file(fixture_pdf(), "photo.jpg").unwrap()[0].format,
        FileFormat::Pdf
    );
    // The e-mail: its body and its PDF attachment; the spreadsheet named.
    let mail = incoming::check_file(email_with_pdf(&fixture_pdf()), "resultats.eml").unwrap();
    assert_eq!(mail.len(), 2);
    assert_eq!(mail[0].format, FileFormat::Eml);
    assert!(
        mail[0].text.contains("Résultats de Mme Bérénice"),
        "{}",
        mail[0].text
    );
    assert!(
        mail[0].text.contains("transaminases élevées"),
        "{}",
        mail[0].text
    );
    assert!(
        mail[0].text.contains("stéatosique"),
        "the attachment's text is searchable"
    );
    assert!(mail[0].text.contains("tableau.xls"), "{}", mail[0].text);
    assert_eq!(mail[1].format, FileFormat::Pdf);
    assert_eq!(mail[1].file_name, "bilan.pdf");

    for (bytes, name, expected) in [
        (
            b"not a pdf at all".to_vec(),
            "resultat.pdf",
            "son nom dit « .pdf »",
        ),
        (b"%PDF-1.7\n garbage".to_vec(), "abime.pdf", "abîmé"),
        (b"II*\0rest".to_vec(), "scan.tif", "TIFF est abîmée"),
        (Vec::new(), "vide.pdf", "vide"),
        (b"PK\x03\x04".to_vec(), "tableau.xlsx", "ni un PDF"),
    ] {
        let error = incoming::check_file(bytes, name).unwrap_err().to_string();
        assert!(error.contains(expected), "{name}: {error}");
        assert!(error.contains(name), "the message names the file: {error}");
    }
    let huge = vec![0u8; incoming::MAX_FILE_BYTES + 1];
    let error = incoming::check_file(huge, "enorme.pdf")
        .unwrap_err()
        .to_string();
    assert!(error.contains("Mo"), "{error}");
}

#[test]
fn the_doctor_sees_urgent_mail_first_and_unidentified_mail_waits_to_be_filed() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let pdf = incoming::check_file(fixture_pdf(), "scan.pdf").unwrap();
    let routine = incoming::register(
        &mut desk.cabinet,
        &details(&desk.patient_id, Urgency::Classement, true),
        &pdf,
    )
    .unwrap();
    let urgent = incoming::register(
        &mut desk.cabinet,
        &details(&desk.patient_id, Urgency::Urgent, true),
        &pdf,
    )
    .unwrap();
    let unknown = incoming::register(
        &mut desk.cabinet,
        &details(&desk.patient_id, Urgency::Urgent, false),
        &pdf,
    )
    .unwrap();

    // The home screen's line and the badge: two to see (one urgent), one to file.
    let counts = carnet_core::messages::counts(&desk.cabinet).unwrap();
    assert_eq!(
        (counts.mail_to_see, counts.mail_urgent, counts.mail_to_file),
        (2, 1, 1)
    );
    let inbox = incoming::list(
        &desk.cabinet,
        &IncomingQuery {
            states: vec![IncomingState::AVoir],
            ..IncomingQuery::default()
        },
    )
    .unwrap();
    let ids: Vec<&str> = inbox.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [urgent.as_str(), routine.as_str()],
        "urgent first, the unidentified apart"
    );
    assert_eq!(inbox[0].files[0].format, FileFormat::Pdf);
    assert!(
        inbox[0].patient_label.contains("BÉRÉNICE") || inbox[0].patient_label.contains("Bérénice")
    );

    // « À classer »: no decision until a patient is chosen.
    let error =
        incoming::set_state(&mut desk.cabinet, &unknown, IncomingState::Vu, None).unwrap_err();
    assert!(error.to_string().contains("Classez d'abord"), "{error}");
    let to_file = incoming::list(
        &desk.cabinet,
        &IncomingQuery {
            states: vec![IncomingState::AClasser],
            ..IncomingQuery::default()
        },
    )
    .unwrap();
    assert_eq!(to_file.len(), 1);
    let patient = desk.patient_id.clone();
    incoming::file_under(&mut desk.cabinet, &unknown, &patient).unwrap();

    // The doctor: « à convoquer » with a note; she: « traité ».
    incoming::set_state(
        &mut desk.cabinet,
        &urgent,
        IncomingState::AConvoquer,
        Some("Revoir sous 8 jours"),
    )
    .unwrap();
    let item = incoming::list(&desk.cabinet, &IncomingQuery::default())
        .unwrap()
        .into_iter()
        .find(|i| i.id == urgent)
        .unwrap();
    assert_eq!(item.state, IncomingState::AConvoquer);
    assert_eq!(item.note, "Revoir sous 8 jours");
    incoming::set_state(&mut desk.cabinet, &urgent, IncomingState::Traite, None).unwrap();

    // Found by a word of the PDF, in another form.
    let found = incoming::search(&desk.cabinet, "stéatose", 10).unwrap();
    assert_eq!(found.len(), 3);
    // The bytes come back as stored.
    let (format, bytes) = incoming::file_bytes(&desk.cabinet, &item.files[0].id)
        .unwrap()
        .unwrap();
    assert_eq!(format, FileFormat::Pdf);
    assert_eq!(bytes, fixture_pdf());
}

#[test]
fn bad_details_register_nothing_and_the_scan_is_never_in_plaintext_on_disk() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let pdf = incoming::check_file(fixture_pdf(), "scan.pdf").unwrap();
    for (broken, expected) in [
        (
            IncomingDetails {
                sender: "  ".into(),
                ..details(&desk.patient_id, Urgency::Urgent, true)
            },
            "Qui l'envoie",
        ),
        (
            IncomingDetails {
                received_on: Some("31/12/2099".into()),
                ..details(&desk.patient_id, Urgency::Urgent, true)
            },
            "futur",
        ),
        (
            IncomingDetails {
                patient_id: Some("nobody".into()),
                ..details(&desk.patient_id, Urgency::Urgent, true)
            },
            "n'existe plus",
        ),
    ] {
        let error = incoming::register(&mut desk.cabinet, &broken, &pdf).unwrap_err();
        assert!(error.to_string().contains(expected), "{error}");
    }
    let error = incoming::register(
        &mut desk.cabinet,
        &details(&desk.patient_id, Urgency::Urgent, true),
        &[],
    )
    .unwrap_err();
    assert!(error.to_string().contains("document lui-même"), "{error}");
    assert!(incoming::list(&desk.cabinet, &IncomingQuery::default())
        .unwrap()
        .is_empty());

    incoming::register(
        &mut desk.cabinet,
        &details(&desk.patient_id, Urgency::Urgent, true),
        &pdf,
    )
    .unwrap();
    let path = desk.path.clone();
    desk.cabinet.close();
    // A run of the PDF's bytes, looked for in the file, its WAL and
    // journal, and the documents' folder beside it.
    let sample = &fixture_pdf()[200..264];
    let files = files_under(path.parent().unwrap());
    assert!(files.len() > 2, "{files:?}");
    for file in files {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !bytes.windows(sample.len()).any(|w| w == sample),
            "the scan is readable in {}",
            file.display()
        );
    }
}

/// Every file under `folder`, sub-folders included.
fn files_under(folder: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// Years of scans: the documents live beside the file, sealed; a backup
/// copies only those its folder lacks; a restore brings them back; one
/// altered or missing is reported, never shown or restored as if whole.
#[test]
fn scans_live_beside_the_file_and_a_backup_copies_only_the_new_ones() {
    use carnet_core::backup::{self, BackupTrigger};
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let usb = tempfile::tempdir().unwrap();
    let register = |desk: &mut crate::documents::Desk, seed: u8| {
        let mut scan = fixture_pdf();
        scan.extend_from_slice(&[seed; 16]); // a different document each time
        let files = incoming::check_file(scan.clone(), "scan.pdf").unwrap();
        let id = incoming::register(
            &mut desk.cabinet,
            &details(&desk.patient_id, Urgency::AVoir, true),
            &files,
        )
        .unwrap();
        (id, scan)
    };
    let (first, first_scan) = register(&mut desk, 1);
    register(&mut desk, 2);
    register(&mut desk, 3);
    let size_before = std::fs::metadata(&desk.path).unwrap().len();

    let done = backup::backup_now(&desk.cabinet, usb.path(), BackupTrigger::Manuelle).unwrap();
    assert_eq!(done.documents_copied, 3);
    // The next day's post.
    desk.cabinet.set_clock(
        carnet_core::clock::Clock::fixed_local(chrono_tz::Europe::Paris, "2028-03-01 18:30")
            .unwrap(),
    );
    register(&mut desk, 4);
    let done = backup::backup_now(&desk.cabinet, usb.path(), BackupTrigger::Manuelle).unwrap();
    assert_eq!(
        done.documents_copied, 1,
        "only the day's new scan is copied"
    );
    // The file itself did not grow by the scans' size.
    let grown = std::fs::metadata(&desk.path).unwrap().len() - size_before;
    assert!(grown < 4 * fixture_pdf().len() as u64, "{grown}");

    // Restored elsewhere, the scans come with the file.
    let elsewhere = tempfile::tempdir().unwrap();
    let restored = elsewhere.path().join("restauré.carnet");
    backup::restore_to_new(Path::new(&done.path), &crate::util::passphrase(), &restored).unwrap();
    let reopened = carnet_core::Cabinet::open(&restored, &crate::util::passphrase()).unwrap();
    let file_id = incoming::list(&reopened, &IncomingQuery::default())
        .unwrap()
        .into_iter()
        .find(|item| item.id == first)
        .unwrap()
        .files[0]
        .id
        .clone();
    let (_, bytes) = incoming::file_bytes(&reopened, &file_id).unwrap().unwrap();
    assert_eq!(bytes, first_scan);
    assert!(carnet_core::documents::stored::check(&reopened)
        .unwrap()
        .is_empty());
    // Every filed scan has its entry in the trail: the chain holds.
    let chain = carnet_core::audit::verify(&reopened).unwrap();
    assert!(chain.broken_at.is_none(), "{chain:?}");
    reopened.close();

    // An altered document in the cabinet's folder: refused and reported.
    let store = desk
        .path
        .parent()
        .unwrap()
        .join(format!("carnet-documents-{}", desk.cabinet.info().id));
    let sealed = files_under(&store);
    assert_eq!(sealed.len(), 4);
    let mut altered = std::fs::read(&sealed[0]).unwrap();
    let last = altered.len() - 1;
    altered[last] ^= 0x40;
    std::fs::write(&sealed[0], &altered).unwrap();
    let problems = carnet_core::documents::stored::check(&desk.cabinet).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("abîmé(s)"), "{problems:?}");

    // A backup whose folder lost a document is not restored as if whole.
    let usb_store = usb
        .path()
        .join(format!("carnet-documents-{}", desk.cabinet.info().id));
    std::fs::remove_file(&files_under(&usb_store)[0]).unwrap();
    let error = backup::restore_to_new(
        Path::new(&done.path),
        &crate::util::passphrase(),
        &elsewhere.path().join("encore.carnet"),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("incomplète"), "{error}");
    assert!(!elsewhere.path().join("encore.carnet").exists());
}

#[test]
fn the_scanner_folder_offers_settled_files_and_deletes_only_what_was_stored() {
    use carnet_core::documents::scanner_folder;
    use std::time::{Duration, SystemTime};

    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let cabinet_folder = desk.path.parent().unwrap().to_path_buf();
    let scans = cabinet_folder.join("SCANS");
    std::fs::create_dir_all(&scans).unwrap();

    // Not a folder, or the cabinet's own: refused.
    let error = scanner_folder::set(&mut desk.cabinet, Some("/nulle/part"), true).unwrap_err();
    assert!(error.to_string().contains("introuvable"), "{error}");
    let error = scanner_folder::set(
        &mut desk.cabinet,
        Some(cabinet_folder.to_str().unwrap()),
        true,
    )
    .unwrap_err();
    assert!(error.to_string().contains("cabinet lui-même"), "{error}");
    scanner_folder::set(&mut desk.cabinet, Some(scans.to_str().unwrap()), true).unwrap();
    assert!(scanner_folder::get(&desk.cabinet).unwrap().reachable);

    let now = SystemTime::now();
    let settled = scans.join("scan-0001.pdf");
    std::fs::write(&settled, fixture_pdf()).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&settled)
        .unwrap()
        .set_modified(now - Duration::from_secs(60))
        .unwrap();
    // Half-written by the scanner a second ago; a copy tool's partial file;
    // a hidden file.
    let arriving = scans.join("scan-0002.pdf");
    std::fs::write(&arriving, &fixture_pdf()[..100]).unwrap();
    std::fs::write(scans.join("scan-0003.pdf.part"), b"...").unwrap();
    std::fs::write(scans.join(".DS_Store"), b"...").unwrap();
    let waiting = scanner_folder::waiting(&desk.cabinet, now).unwrap();
    let shown: Vec<(&str, bool)> = waiting
        .iter()
        .map(|f| (f.name.as_str(), f.arriving))
        .collect();
    assert_eq!(shown, [("scan-0001.pdf", false), ("scan-0002.pdf", true)]);
    // Later, the same half file has settled: offered (and, being cut,
    // refused when she files it — never taken half-written silently).
    let later = scanner_folder::waiting(&desk.cabinet, now + Duration::from_secs(10)).unwrap();
    assert!(later.iter().all(|f| !f.arriving));
    assert!(incoming::read_file(&arriving).is_err());

    // Filed: the original is deleted because its bytes are in the cabinet;
    // a file not part of the item stays.
    let paths = vec![
        settled.display().to_string(),
        arriving.display().to_string(),
    ];
    let files = incoming::read_file(&settled).unwrap();
    let id = incoming::register(
        &mut desk.cabinet,
        &details(&desk.patient_id, Urgency::Urgent, true),
        &files,
    )
    .unwrap();
    assert_eq!(
        scanner_folder::remove_filed(&desk.cabinet, &id, &paths).unwrap(),
        1
    );
    assert!(!settled.exists());
    assert!(arriving.exists());

    // Without the setting, nothing is deleted.
    std::fs::write(&settled, fixture_pdf()).unwrap();
    scanner_folder::set(&mut desk.cabinet, Some(scans.to_str().unwrap()), false).unwrap();
    assert_eq!(
        scanner_folder::remove_filed(&desk.cabinet, &id, &paths).unwrap(),
        0
    );
    assert!(settled.exists());
}

#[test]
fn a_multi_page_tiff_scan_becomes_one_png_per_page() {
    use tiff::encoder::{colortype, TiffEncoder};
    let mut tiff = std::io::Cursor::new(Vec::new());
    {
        let mut encoder = TiffEncoder::new(&mut tiff).unwrap();
        // Page 1: a grey ramp, 40 × 30; page 2: colour, 20 × 10.
        let grey: Vec<u8> = (0..40 * 30).map(|i| (i % 256) as u8).collect();
        encoder
            .write_image::<colortype::Gray8>(40, 30, &grey)
            .unwrap();
        let colour: Vec<u8> = (0..20 * 10 * 3).map(|i| (i * 7 % 256) as u8).collect();
        encoder
            .write_image::<colortype::RGB8>(20, 10, &colour)
            .unwrap();
    }
    let pages = incoming::check_file(tiff.into_inner(), "courrier.tif").unwrap();
    assert_eq!(pages.len(), 2);
    for (page, (width, height)) in pages.iter().zip([(40, 30), (20, 10)]) {
        assert_eq!(page.format, FileFormat::Png);
        let decoder = png::Decoder::new(std::io::Cursor::new(&page.bytes));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (width, height));
    }
    assert_eq!(pages[1].file_name, "courrier.tif — page 2/2.png");
    // The first page's pixels come through unchanged.
    let mut reader = png::Decoder::new(std::io::Cursor::new(&pages[0].bytes))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut pixels).unwrap();
    assert_eq!(pixels[..5], [0, 1, 2, 3, 4]);
}

#[test]
fn a_black_and_white_fax_tiff_in_group_4_is_read_page_by_page() {
    // Two 200 × 100 bilevel pages compressed CCITT Group 4 (ImageMagick),
    // the first with a black rectangle from (10, 10) to (60, 40).
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents/scan-g4.tif"),
    )
    .unwrap();
    let pages = incoming::check_file(bytes, "fax.tif").unwrap();
    assert_eq!(pages.len(), 2);
    let mut reader = png::Decoder::new(std::io::Cursor::new(&pages[0].bytes))
        .read_info()
        .unwrap();
    assert_eq!((reader.info().width, reader.info().height), (200, 100));
    let mut pixels = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut pixels).unwrap();
    // 1 bit per pixel, 25 bytes a row: inside the rectangle black (0), outside white (1).
    let bit = |x: usize, y: usize| (pixels[y * 25 + x / 8] >> (7 - x % 8)) & 1;
    assert_eq!(bit(30, 20), 0, "inside the rectangle");
    assert_eq!(bit(150, 80), 1, "the white page");
}
