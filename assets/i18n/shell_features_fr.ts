<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>Features</name>
    <message>
        <source>Install a course from a USB stick or a file…</source>
        <translation>Installer un cours depuis une clé USB ou un fichier…</translation>
    </message>
    <message>
        <source>Download courses…</source>
        <translation>Télécharger des cours…</translation>
    </message>
    <message>
        <source>Verify my content…</source>
        <translation>Vérifier mes contenus…</translation>
    </message>
    <message>
        <source>My &amp;certificate</source>
        <translation>Mon &amp;certificat</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>Synchroniser &amp;maintenant</translation>
    </message>
    <message>
        <source>Connect this PC to a server…</source>
        <translation>Connecter ce PC à un serveur…</translation>
    </message>
    <message>
        <source>Sync with a &amp;USB stick…</source>
        <translation>Synchroniser avec une clé &amp;USB…</translation>
    </message>
    <message>
        <source>Open the &amp;facilitator space…</source>
        <translation>Ouvrir l&apos;espace &amp;animateur·rice…</translation>
    </message>
    <message>
        <source>Back to the course</source>
        <translation>Retour au cours</translation>
    </message>
</context>
</TS>
