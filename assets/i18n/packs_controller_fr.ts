<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>PacksController</name>
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
</context>
</TS>
