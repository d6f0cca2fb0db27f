<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>VerifyPage</name>
    <message>
        <source>Back</source>
        <translation>Retour</translation>
    </message>
    <message>
        <source>Verify a certificate</source>
        <translation>Vérifier un certificat</translation>
    </message>
    <message>
        <source>Check a Connexions Citoyennes certificate on this PC, without internet: type its verification code, open its PDF, or scan its QR code with the webcam.</source>
        <translation>Vérifiez un certificat Connexions Citoyennes sur ce PC, sans internet : tapez son code de vérification, ouvrez son PDF ou scannez son code QR avec la webcam.</translation>
    </message>
    <message>
        <source>&amp;Code or QR content:</source>
        <translation>&amp;Code ou contenu du QR :</translation>
    </message>
    <message>
        <source>Verification code or QR content</source>
        <translation>Code de vérification ou contenu du QR</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Vérifier</translation>
    </message>
    <message>
        <source>Open the &amp;PDF…</source>
        <translation>Ouvrir le &amp;PDF…</translation>
    </message>
    <message>
        <source>Stop the camera</source>
        <translation>Arrêter la caméra</translation>
    </message>
    <message>
        <source>&amp;Scan the QR code</source>
        <translation>&amp;Scanner le code QR</translation>
    </message>
    <message>
        <source>Hold the certificate&apos;s QR code in front of the camera, about 20 cm away.</source>
        <translation>Présentez le code QR du certificat devant la caméra, à environ 20 cm.</translation>
    </message>
    <message>
        <source>No camera on this PC: type the verification code printed on the certificate, or open its PDF.</source>
        <translation>Pas de caméra sur ce PC : tapez le code de vérification imprimé sur le certificat, ou ouvrez son PDF.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>Open a certificate</source>
        <translation>Ouvrir un certificat</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>Démarrage de la caméra…</translation>
    </message>
    <message>
        <source>The camera could not be used (%1): type the code or open the PDF.</source>
        <translation>La caméra est inutilisable (%1) : tapez le code ou ouvrez le PDF.</translation>
    </message>
    <message>
        <source>✗ REVOKED: this certificate was withdrawn by the programme (on %1).</source>
        <translation>✗ RÉVOQUÉ : ce certificat a été retiré par le programme (le %1).</translation>
    </message>
    <message>
        <source>✓ VALID: authentic certificate</source>
        <translation>✓ VALIDE : certificat authentique</translation>
    </message>
    <message>
        <source>a specimen signed with the demonstration key</source>
        <translation>un spécimen signé avec la clé de démonstration</translation>
    </message>
    <message>
        <source>✗ INVALID: %1</source>
        <translation>✗ INVALIDE : %1</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Titulaire</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>Cours</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Final exam score</source>
        <translation>Score à l&apos;examen final</translation>
    </message>
    <message>
        <source>Exam conditions</source>
        <translation>Conditions de l&apos;examen</translation>
    </message>
    <message>
        <source>Verification code</source>
        <translation>Code de vérification</translation>
    </message>
    <message>
        <source>This PC holds no revocation list yet: a withdrawn certificate cannot be recognised offline. Sync this PC to receive it.</source>
        <translation>Ce PC n&apos;a encore aucune liste de révocation : un certificat retiré ne peut pas être reconnu hors ligne. Synchronisez ce PC pour la recevoir.</translation>
    </message>
    <message>
        <source>Checked against the revocation list of %1 (%2 day(s) old).</source>
        <translation>Vérifié avec la liste de révocation du %1 (datant de %2 jour(s)).</translation>
    </message>
    <message>
        <source>no certificate with this code on this PC: scan its QR code or open its PDF, which carry the signed certificate.</source>
        <translation>aucun certificat avec ce code sur ce PC : scannez son code QR ou ouvrez son PDF, qui portent le certificat signé.</translation>
    </message>
</context>
</TS>
