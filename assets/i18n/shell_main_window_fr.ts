<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Courses</source>
        <translation>&amp;Cours</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>&amp;Synchronisation</translation>
    </message>
    <message>
        <source>F&amp;acilitator</source>
        <translation>&amp;Animation</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>Change profile / log out</source>
        <translation>Changer de profil / se déconnecter</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Course &amp;home</source>
        <translation>&amp;Accueil du cours</translation>
    </message>
    <message>
        <source>My &amp;progress</source>
        <translation>Ma &amp;progression</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Réglages…</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>Plein é&amp;cran</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>À &amp;propos</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Profil : %1</translation>
    </message>
    <message>
        <source>The data folder cannot be opened: %1</source>
        <translation>Le dossier de données ne peut pas être ouvert : %1</translation>
    </message>
    <message>
        <source>Please type a name.</source>
        <translation>Veuillez saisir un nom.</translation>
    </message>
    <message>
        <source>A PIN has 4 to 6 digits.</source>
        <translation>Un code PIN a de 4 à 6 chiffres.</translation>
    </message>
    <message>
        <source>The name is too long.</source>
        <translation>Le nom est trop long.</translation>
    </message>
    <message>
        <source>The data could not be saved.</source>
        <translation>Les données n’ont pas pu être enregistrées.</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Nouveau profil</translation>
    </message>
    <message>
        <source>The profile was closed after a period of inactivity.</source>
        <translation>Le profil a été fermé après une période d’inactivité.</translation>
    </message>
    <message>
        <source>Capsule completed ✓</source>
        <translation>Capsule terminée ✓</translation>
    </message>
    <message>
        <source>Your progress could not be saved: %1</source>
        <translation>Votre progression n’a pas pu être enregistrée : %1</translation>
    </message>
    <message>
        <source>About</source>
        <translation>À propos</translation>
    </message>
    <message>
        <source>Connexions Citoyennes — offline course kit, version %1</source>
        <translation>Connexions Citoyennes — kit de formation hors ligne, version %1</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>The course</source>
        <translation>Le cours</translation>
    </message>
    <message>
        <source>Course outline (choose a profile first)</source>
        <translation>Plan du cours (choisissez d’abord un profil)</translation>
    </message>
</context>
</TS>
