"""The one map from error codes to sentences in the user's language.

Core raises ``CCError``s with a stable ``code`` and an English one-line ``message`` (for logs and the
CLI); every screen shows :func:`error_text` instead. A test scans core (and the hub's sync routes,
whose codes reach the desktop through a sync) and fails on a code missing here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def texts() -> dict[str, str]:
    """Code → translated sentence (built at each call: follows a language switch)."""
    translate = QCoreApplication.translate
    return {
        # --- general -------------------------------------------------------------------------
        "error": translate("Errors", "Something went wrong."),
        "invalid": translate("Errors", "Some information is not valid."),
        "not_found": translate("Errors", "This item is not on this PC."),
        "forbidden": translate("Errors", "This action is not allowed."),
        "conflict": translate("Errors", "This was changed elsewhere at the same time. Try again."),
        "database": translate("Errors", "The data could not be saved."),
        "data_dir": translate("Errors", "The data folder cannot be used (missing, full or read-only)."),
        "cancelled": translate("Errors", "Cancelled."),
        "too_large": translate("Errors", "The data is too large."),
        "date": translate("Errors", "The date is not valid."),
        # --- profiles ------------------------------------------------------------------------
        "name_empty": translate("Errors", "Please type a name."),
        "name_long": translate("Errors", "The name is too long."),
        "pin_format": translate("Errors", "A PIN has 4 to 6 digits."),
        "pin_required": translate("Errors", "This profile is protected by a PIN."),
        "pin_wrong": translate("Errors", "Wrong PIN."),
        "pin_locked": translate("Errors", "Too many wrong PINs. Wait a moment and try again."),
        "pin_setup_required": translate("Errors", "Choose your PIN before opening this profile the first time."),
        "pin_already_set": translate("Errors", "This profile already has a PIN. Ask your facilitator to change it."),
        "gender_invalid": translate("Errors", "Choose a gender from the list."),
        "age_band_invalid": translate("Errors", "Choose an age band from the list."),
        "category_invalid": translate("Errors", "Choose a category from the list."),
        "country_invalid": translate("Errors", "The country must be a two-letter code, e.g. SN."),
        "campaign_invalid": translate("Errors", "Choose a campaign from the list."),
        "profile_field": translate("Errors", "This part of the profile cannot be changed here."),
        # --- courses, quizzes ----------------------------------------------------------------
        "quiz_empty": translate("Errors", "Answer at least one question first."),
        "quiz_question": translate("Errors", "An answer refers to a question that is not in this quiz."),
        "unknown_event_type": translate("Errors",
                                        "This activity cannot be recorded by this version of the application."),
        "bad_event_payload": translate("Errors", "This activity is incomplete and was not recorded."),
        "course_new": translate("Errors", "The new course cannot be created here (the folder is not empty?)."),
        "quiz_import": translate("Errors",
                                 "This quiz file cannot be read (not found, not a known format, or damaged)."),
        "quiz_import_empty": translate("Errors", "No question of this file could be imported."),
        "quiz_import_size": translate("Errors", "This quiz file is too large."),
        "quiz_import_hostile": translate("Errors", "This quiz file looks dangerous; it was refused."),
        "bad_answer": translate("Errors", "This answer does not fit the question."),
        "too_long": translate("Errors", "This text is too long."),
        # --- course packs --------------------------------------------------------------------
        "pack_invalid": translate("Errors", "This file is not a valid course pack."),
        "pack_untrusted": translate("Errors", "This pack is signed by a publisher this computer does not trust."),
        "pack_signature": translate("Errors", "The pack's signature is wrong: it was altered or damaged."),
        "pack_hash": translate("Errors", "A file in the pack is damaged (its fingerprint does not match)."),
        "pack_size": translate("Errors", "A file in the pack is damaged (wrong size)."),
        "pack_missing": translate("Errors", "The pack is incomplete."),
        "pack_extra": translate("Errors", "The pack contains files it should not."),
        "pack_not_zip": translate("Errors", "This file is not a complete course pack (damaged or cut short)."),
        "pack_names": translate("Errors", "The pack contains dangerous file names; it was refused."),
        "pack_symlink": translate("Errors", "The pack contains links to other files; it was refused."),
        "pack_duplicate": translate("Errors", "The pack contains the same file twice; it was refused."),
        "pack_bomb": translate("Errors", "The pack looks like a trap (impossible sizes); it was refused."),
        "pack_limits": translate("Errors", "The pack is too big or too complex to be a course pack."),
        "pack_manifest": translate("Errors", "The pack's description of the course is invalid."),
        "pack_manifest_json": translate("Errors", "The pack's description of the course is unreadable."),
        "pack_manifest_size": translate("Errors", "The pack's description of the course is far too large."),
        "pack_schema_version": translate("Errors", "This pack needs a newer version of the application."),
        "pack_downgrade": translate("Errors", "A newer version of this course is already installed."),
        "pack_no_space": translate("Errors", "Not enough free disk space."),
        "pack_download": translate("Errors", "The download failed. Try again later: it will resume where it stopped."),
        "pack_http": translate("Errors", "The server refused the request."),
        "pack_catalog": translate("Errors", "The server's course list is unreadable."),
        "pack_no_catalog": translate("Errors", "Enter the address of a course server."),
        "pack_bad_address": translate("Errors", "This is not a server address. Type it like http://192.168.1.10:8765"),
        "pack_io": translate("Errors", "The file cannot be read."),
        "pack_parts": translate("Errors", "A part of this split course pack is missing or damaged: copy it again."),
        # --- USB sticks ------------------------------------------------------------------------
        "stick": translate("Errors", "The stick cannot be used."),
        "stick_missing": translate("Errors", "The stick is not there: plug it in, or choose its folder again."),
        "stick_empty": translate("Errors", "Choose what to put on the stick: the application, course packs, or both."),
        "stick_app": translate("Errors", "This folder is not the application (a build made for sticks)."),
        "stick_packs": translate("Errors", "This folder holds no valid course pack."),
        "stick_layout": translate("Errors", "A stick (FAT32) cannot hold these files as they are: a name or a size "
                                            "is not allowed."),
        "stick_space": translate("Errors", "Not enough space on the stick. Nothing was written."),
        "stick_io": translate("Errors", "A file could not be read or written."),
        "stick_manifest": translate("Errors", "The stick's list of files is damaged: repair it from another stick, "
                                              "or prepare it again."),
        "stick_no_manifest": translate("Errors", "This stick was not prepared by the application."),
        "stick_source": translate("Errors", "Choose a folder or another stick holding good copies."),
        "pack_store": translate("Errors", "The course files on this PC cannot be written."),
        "pack_store_busy": translate("Errors", "Another installation is running. Try again in a moment."),
        "pack_damaged": translate("Errors", "Some installed files are damaged. Use “Verify my content”."),
        "pack_not_installed": translate("Errors", "This course is not installed."),
        "pack_no_file": translate("Errors", "This file is not part of the course."),
        "pack_source": translate("Errors", "The course source folder is not valid."),
        "pack_key": translate("Errors", "The publisher key cannot be used."),
        "exam_key": translate("Errors", "The exam key of this course cannot be used."),
        # --- sync ----------------------------------------------------------------------------
        "sync": translate("Errors", "Synchronisation failed."),
        "offline": translate("Errors",
                             "No connection to the server. Your work is kept on this PC and will be sent later."),
        "timeout": translate("Errors", "The server is too slow to answer. We will try again."),
        "server_error": translate("Errors", "The server has a problem. We will try again later."),
        "bad_reply": translate("Errors", "The answer from the server was damaged. We will try again."),
        "refused": translate("Errors", "The server refused the request."),
        "unauthorized": translate("Errors",
                                  "This PC is no longer allowed to sync. Ask your facilitator for a new code."),
        "not_enrolled": translate("Errors", "This PC is not connected to a server yet."),
        "bad_enrolment_code": translate("Errors", "This code is wrong, already used or expired."),
        "rate_limited": translate("Errors", "Too many attempts. Wait a few minutes and try again."),
        "upstream_unreachable": translate("Errors", "The centre could not reach the programme's server to check "
                                                    "this account. Try again later."),
        "bad_bundle": translate("Errors", "This file is damaged or was changed. It was not used."),
        "own_bundle": translate("Errors", "This file was written by this PC: import it on another PC."),
        "no_server_key": translate("Errors", "Exchange one USB file with the server first, then try again."),
        "bad_batch": translate("Errors", "Some activities could not be read. They were not used."),
        "bad_event": translate("Errors", "An activity could not be read. It was not used."),
        "bad_gzip": translate("Errors", "The data was damaged on the way. We will try again."),
        "bad_version": translate("Errors", "The server uses another version of the application. Update it."),
        "bad_learner": translate("Errors", "A learner profile could not be read. It was not used."),
        "bad_learner_code": translate("Errors", "This learner code is not valid (8 letters and digits)."),
        "bad_cursor": translate("Errors", "The server lost track of this PC's sync. We will try again."),
        "bad_device": translate("Errors", "This PC could not be identified by the server."),
        "bad_json": translate("Errors", "The server could not read the request."),
        "bad_request": translate("Errors", "The server could not read the request."),
        "bad_claim": translate("Errors", "The account request could not be read."),
        "device_exists": translate("Errors",
                                   "This PC is already connected (a copied data folder?). Ask your facilitator."),
        "wrong_device": translate("Errors", "This request comes from another PC than the one that was connected."),
        "wrong_pin": translate("Errors", "Wrong PIN."),
        "unknown_learner_code": translate("Errors", "No learner has this code on the server."),
        "learner_not_linked": translate("Errors", "This learner is not linked to this PC."),
        "bad_broadcast": translate("Errors", "Some messages from the server were altered on the way. "
                                             "They were not used."),
        "not_origin": translate("Errors", "This server relays the programme's server: publish there."),
        "not_relay": translate("Errors", "This server is the programme's server: it relays no other."),
        # --- certification -------------------------------------------------------------------
        "exam": translate("Errors", "The exam could not be opened."),
        "exam_none": translate("Errors", "This course has no final exam."),
        "exam_not_eligible": translate("Errors", "Some required capsules or quizzes are not completed yet."),
        "exam_no_attempts": translate("Errors", "No exam attempt is left."),
        "exam_pending": translate("Errors", "Your answers wait for the programme's decision: connect to sync."),
        "exam_time_over": translate("Errors", "The time allowed for the exam is over."),
        "exam_too_many_saves": translate("Errors", "This exam attempt has recorded too many changes of answers."),
        "exam_bad_session_code": translate(
            "Errors", "This is not a session code: 8 characters, as written on the board (e.g. EX7K-3M9Q)."),
        "exam_session_not_found": translate("Errors", "This supervised exam session is not on this PC."),
        "exam_bad_verdict": translate("Errors", "Choose whether to co-sign or decline the answer sheet."),
        "exam_not_present": translate(
            "Errors", "This learner is not marked present in the session: take the attendance first."),
        "cert_revocations": translate("Errors", "This revocation list cannot be used (damaged, or not signed by "
                                                "the programme)."),
        "exam_not_open": translate("Errors", "This exam attempt is closed."),
        "exam_no_claim": translate("Errors", "This answer sheet is not on this PC."),
        "exam_not_latest": translate("Errors", "Only your latest answers can be sent again."),
        "exam_not_resendable": translate("Errors", "These answers were already graded or still wait for the server."),
        "exam_bad_answer": translate("Errors", "This answer does not fit the question."),
        "cert_invalid": translate("Errors", "This is not a valid certificate."),
        "cert_bad_signature": translate("Errors", "This certificate was altered: its signature is wrong."),
        "cert_unknown_issuer": translate("Errors", "This certificate was issued by an unknown key."),
        "cert_not_found": translate("Errors", "No such certificate on this PC. Sync to receive it."),
        "cert_document": translate("Errors", "No certificate could be read from this file."),
        "cert_key": translate("Errors", "The certificate keys cannot be used."),
        "badge_invalid": translate("Errors", "This badge file is not valid."),
        # --- facilitation --------------------------------------------------------------------
        "bad_credentials": translate("Errors", "Wrong name or password."),
        "backup": translate("Errors", "The backup could not be made."),
        "backup_corrupt": translate("Errors", "This backup is damaged: it was not used."),
        "db_corrupt": translate("Errors", "The data of this PC is damaged: run “cc2desktop doctor --repair”."),
        "signin_backoff": translate("Errors", "Too many wrong passwords: wait a little before trying again."),
        "unknown_pc": translate("Errors", "This file comes from a PC that is not paired with this one."),
        "pairing_code": translate("Errors", "The pairing code does not match the one that PC shows."),
        "pack_publisher": translate("Errors", "This course cannot be installed from this publisher."),
        "pack_publisher_changed": translate("Errors", "This update is not signed by the publisher of the installed "
                                                      "course: it was refused."),
        "pack_demo_key": translate("Errors", "The demo key can only sign the demo course."),
        "pack_rotation": translate("Errors", "This file is not a key rotation record."),
        "reply_unverified": translate("Errors", "This reply file does not come from the server of this PC's "
                                                "enrolment code: nothing was applied."),
        "enrol_code_short": translate("Errors", "This enrolment code is too short: ask the administrator for the "
                                                "16-character code."),
        "facilitator_only": translate("Errors", "This action is reserved to facilitators."),
        "facilitator_expired": translate("Errors", "Your facilitator session has expired: sign in again."),
        "facilitator_exists": translate("Errors", "A facilitator with this name already exists."),
        "facilitator_name": translate("Errors", "Give the facilitator a name."),
        "facilitator_setup_done": translate("Errors", "This PC already has a facilitator account: ask a facilitator "
                                                      "to add yours (Facilitator space › Accounts)."),
        "facilitator_unknown": translate("Errors", "There is no facilitator with this name on this PC."),
        "facilitator_self": translate("Errors", "You cannot remove your own account: ask another facilitator."),
        "password_short": translate("Errors", "The password is too short."),
        "group_exists": translate("Errors", "A group with this name already exists."),
        "group_name": translate("Errors", "Give the group a name."),
        "group_not_found": translate("Errors", "This group does not exist any more."),
        "learner_name": translate("Errors", "Give the participant a name."),
        "learner_not_found": translate("Errors", "This learner is not on this PC."),
        "session_not_found": translate("Errors", "This session does not exist any more."),
        "csv_header": translate("Errors", "The first line of the file must give the column names, with a name "
                                          "column (for example: Nom;Genre;Pays;Catégorie)."),
        "csv_empty": translate("Errors", "The file has no participant after the line of column names."),
        "csv_unreadable": translate("Errors", "This file is not a participants list (save it from your spreadsheet "
                                              "as CSV)."),
        "no_attendance": translate("Errors", "Take the attendance first: nobody is marked present."),
        "not_on_sheet": translate("Errors", "Some people are neither in the group nor on the attendance sheet."),
        "not_present": translate("Errors", "Some answers come from people not marked present."),
        "hands": translate("Errors", "A show of hands count is not valid."),
        "hands_type": translate("Errors", "A show of hands needs a single-choice or true/false question."),
        # the forum (core/forum.py)
        "forum_text": translate("Errors", "This message cannot be read as text."),
        "forum_empty": translate("Errors", "Write something first: the message is empty."),
        "forum_id": translate("Errors", "This forum reference is not valid."),
        "forum_no_course": translate("Errors", "This course is not on this PC: its forum cannot be used here."),
        "forum_thread": translate("Errors", "A new subject needs a title; a reply needs its subject."),
        "forum_no_thread": translate("Errors", "This subject is not on this PC (yet)."),
        "forum_no_post": translate("Errors", "This message is not on this PC (any more)."),
        "forum_state": translate("Errors", "This message has already been moderated."),
    }


#: Codes whose English one-line message carries details the sentence refers to (a file name, a
#: line number): shown under the sentence when the interface is in English.
DETAIL_CODES = frozenset({"bad_bundle"})


def error_text(err: BaseException | str | None, *, detail: bool = False) -> str:
    """The user's-language sentence for an error (or an error code). ``detail``: add the English
    one-liner below (for screens where a facilitator may need it); codes in :data:`DETAIL_CODES`
    always get it. An unknown code gets a generic sentence and is logged."""
    code = err if isinstance(err, str) or err is None else getattr(err, "code", None)
    known = texts()
    text = known.get(code or "")
    if text is None:
        if not isinstance(err, str) and err is not None:
            from cc2desktop.core.logs import log

            log.warning("no text for error code %r: %s", code, err)
        text = known["error"]
    message = "" if isinstance(err, str) or err is None else (getattr(err, "message", None) or str(err))
    params = getattr(err, "params", None) or {}
    if params.get("file"):
        text = f"{params['file']} : {text}" if _french() else f"{params['file']}: {text}"
    if message and (detail or code in DETAIL_CODES) and not _french():  # core's one-liners are in English
        return f"{text}\n{message}"
    return text


def _french() -> bool:
    from PySide6.QtCore import QLocale

    return QLocale().language() != QLocale.Language.English


def known_codes() -> set[str]:
    return set(texts())
