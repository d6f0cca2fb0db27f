<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>CallsController</name>
    <message>
        <source>A required answer is missing.</source>
        <translation>Une réponse obligatoire manque.</translation>
    </message>
    <message>
        <source>An answer is too long.</source>
        <translation>Une réponse est trop longue.</translation>
    </message>
    <message>
        <source>An answer is not of the expected kind.</source>
        <translation>Une réponse n’est pas du type attendu.</translation>
    </message>
    <message>
        <source>A number is outside the allowed range.</source>
        <translation>Un nombre est hors des limites permises.</translation>
    </message>
    <message>
        <source>A choice is not one of the proposed ones.</source>
        <translation>Un choix ne fait pas partie de ceux proposés.</translation>
    </message>
    <message>
        <source>The file is too large.</source>
        <translation>Le fichier est trop volumineux.</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>Le fichier ne peut pas être lu.</translation>
    </message>
    <message>
        <source>The call is closed: no more applications.</source>
        <translation>L’appel est clos : plus aucune candidature.</translation>
    </message>
    <message>
        <source>The call is not open yet.</source>
        <translation>L’appel n’est pas encore ouvert.</translation>
    </message>
    <message>
        <source>Only learners certified for this course may apply.</source>
        <translation>Seules les personnes certifiées pour ce cours peuvent postuler.</translation>
    </message>
</context>
</TS>
