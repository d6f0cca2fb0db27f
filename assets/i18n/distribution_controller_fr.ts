<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>Diagnostic</name>
    <message>
        <source>portable: on the stick, beside the app</source>
        <translation>portable : sur la clé, à côté de l&apos;application</translation>
    </message>
    <message>
        <source>this user&apos;s folder on the PC</source>
        <translation>le dossier de cet utilisateur sur le PC</translation>
    </message>
    <message>
        <source>chosen with --data-dir</source>
        <translation>choisi avec --data-dir</translation>
    </message>
    <message>
        <source>chosen with CC2_DATA_DIR</source>
        <translation>choisi avec CC2_DATA_DIR</translation>
    </message>
    <message>
        <source>not opened yet</source>
        <translation>pas encore ouverte</translation>
    </message>
    <message>
        <source>revision %1 (up to date)</source>
        <translation>révision %1 (à jour)</translation>
    </message>
    <message>
        <source>revision %1 (the application expects %2)</source>
        <translation>révision %1 (l&apos;application attend %2)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>Connexions Citoyennes — diagnostic</source>
        <translation>Connexions Citoyennes — diagnostic</translation>
    </message>
    <message>
        <source>Version: %1</source>
        <translation>Version : %1</translation>
    </message>
    <message>
        <source>Data folder: %1 (%2)</source>
        <translation>Dossier des données : %1 (%2)</translation>
    </message>
    <message>
        <source>Portable: %1</source>
        <translation>Portable : %1</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Base de données : %1</translation>
    </message>
    <message>
        <source>Free space: %1 MiB</source>
        <translation>Espace libre : %1 Mio</translation>
    </message>
    <message>
        <source>System: %1, Python %2</source>
        <translation>Système : %1, Python %2</translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation>Journal : %1</translation>
    </message>
    <message>
        <source>Last errors (%1):</source>
        <translation>Dernières erreurs (%1) :</translation>
    </message>
    <message>
        <source>Last errors: none</source>
        <translation>Dernières erreurs : aucune</translation>
    </message>
</context>
<context>
    <name>DistributionController</name>
    <message>
        <source>Copy the &amp;diagnostic</source>
        <translation>Copier le &amp;diagnostic</translation>
    </message>
    <message>
        <source>Prepare a &amp;USB stick…</source>
        <translation>Préparer une clé &amp;USB…</translation>
    </message>
    <message>
        <source>The diagnostic is on the clipboard: paste it into a message to the person who helps you.</source>
        <translation>Le diagnostic est dans le presse-papiers : collez-le dans un message à la personne qui vous aide.</translation>
    </message>
</context>
</TS>
