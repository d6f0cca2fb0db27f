<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>CertificationController</name>
    <message>
        <source>My &amp;certificate</source>
        <translation>Mon &amp;certificat</translation>
    </message>
    <message>
        <source>&amp;Verify a certificate…</source>
        <translation>&amp;Vérifier un certificat…</translation>
    </message>
    <message>
        <source>Supervised &amp;exam sessions…</source>
        <translation>Séances d'&amp;examen surveillé…</translation>
    </message>
    <message>
        <source>Back to the course</source>
        <translation>Retour au cours</translation>
    </message>
    <message>
        <source>Verify a certificate</source>
        <translation>Vérifier un certificat</translation>
    </message>
</context>
</TS>
