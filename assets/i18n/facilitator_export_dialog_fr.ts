<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>CsvExport</name>
    <message>
        <source>learners</source>
        <translation>apprenants</translation>
    </message>
    <message>
        <source>capsules</source>
        <translation>capsules</translation>
    </message>
    <message>
        <source>hardest_questions</source>
        <translation>questions_difficiles</translation>
    </message>
    <message>
        <source>by_gender</source>
        <translation>par_genre</translation>
    </message>
    <message>
        <source>by_category</source>
        <translation>par_categorie</translation>
    </message>
    <message>
        <source>by_country</source>
        <translation>par_pays</translation>
    </message>
    <message>
        <source>sessions</source>
        <translation>seances</translation>
    </message>
</context>
<context>
    <name>CsvExportDialog</name>
    <message>
        <source>Export as CSV</source>
        <translation>Exporter en CSV</translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation>&amp;Dossier</translation>
    </message>
    <message>
        <source>&amp;Language of the columns</source>
        <translation>&amp;Langue des colonnes</translation>
    </message>
    <message>
        <source>&amp;Spreadsheet</source>
        <translation>&amp;Tableur</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>French (separator ; and decimal comma)</source>
        <translation>Français (séparateur ; et virgule décimale)</translation>
    </message>
    <message>
        <source>English (separator , and decimal point)</source>
        <translation>Anglais (séparateur , et point décimal)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <source>Folder for the CSV files</source>
        <translation>Dossier des fichiers CSV</translation>
    </message>
    <message>
        <source>%1 CSV files written in %2</source>
        <translation>%1 fichiers CSV écrits dans %2</translation>
    </message>
</context>
</TS>
